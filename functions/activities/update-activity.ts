import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { linkableEvent } from '../outreach/event-link';
import { getActivity, updateActivity } from '../tables/activities';
import { putDrawClose } from '../tables/draws';
import { activityView } from './views';

/**
 * Staff correct an activity after publishing. Rules apply to sign-ups from now on; people already
 * signed up keep their places (staff cancel by hand if they must). A draw's no-show rule can be
 * changed or removed (`noShow: null`) until the draw.
 */
export const handler = defineHandler(contract.updateActivity, async ({ params, body }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  if (body.eventId && body.eventId !== activity.eventId) await linkableEvent(principal, body.eventId);
  // the no-show rule belongs to draws (`noShow: null` removes it); a first-come activity keeps none
  const edit = activity.allocation === 'draw' ? body : { ...body, noShow: undefined };
  if (!(await updateActivity(activity.id, edit, org.path))) throw notFound('找不到这个活动');
  // a draw's window moved: the sweeper draws at the new close (its queue is keyed by the close)
  if (activity.allocation === 'draw' && body.signupClosesAt !== activity.signupClosesAt)
    await putDrawClose(activity.id, body.signupClosesAt);
  const title = body.title ?? activity.title;
  await recordAudit({
    principal,
    org,
    kind: 'activity.update',
    object: { type: 'activity', id: activity.id, label: title },
    summary: `修改活动「${title}」`,
  });
  return activityView((await getActivity(activity.id, true))!, org.name);
});
