import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getActivity } from '../tables/activities';
import { listSignupsOfActivity } from '../tables/signups';
import { activityView } from './views';

export const handler = defineHandler(contract.listActivitySignups, async ({ params }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  const signups = await listSignupsOfActivity(activity.id);
  const count = (status: string) => signups.filter((s) => s.status === status).reduce((n, s) => n + s.places, 0);
  return {
    activity: activityView(activity, org.name),
    counts: {
      confirmed: count('confirmed'),
      waitlisted: count('waitlisted'),
      offered: count('offered'),
      cancelled: count('cancelled'),
      expired: count('expired'),
      checkedIn: signups.filter((s) => s.checkedInAt).length,
    },
    signups: signups
      .sort((a, b) => a.queueKey.localeCompare(b.queueKey))
      .map((s) => ({
        name: maskName(s.memberName),
        memberNo: s.memberNo,
        status: s.status,
        places: s.places,
        registeredBy: s.registeredBy,
        checkedInAt: s.checkedInAt,
      })),
  };
});
