import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { linkableEvent } from '../outreach/event-link';
import { getActivity, updateActivity } from '../tables/activities';
import { activityView } from './views';

/**
 * Staff correct an activity after publishing. Rules apply to sign-ups from now on; people already
 * signed up keep their places (staff cancel by hand if they must).
 */
export const handler = defineHandler(contract.updateActivity, async ({ params, body }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  if (body.eventId && body.eventId !== activity.eventId) await linkableEvent(principal, body.eventId);
  if (!(await updateActivity(activity.id, body, org.path))) throw notFound('找不到这个活动');
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
