import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getActivity } from '../tables/activities';
import { listSignupsOfActivity } from '../tables/signups';

const MAX_MATCHES = 20;

/**
 * At the door without a QR (flat phone, cracked screen): find the sign-up by part of the name or the
 * last four digits of the phone. Answers masked, just enough to tell people apart.
 */
export const handler = defineHandler(contract.searchActivitySignups, async ({ params, query }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  await assertInScope(principal, activity.orgId);
  const q = query.q.replace(/\s/g, '');
  const byPhone = /^\d{4}$/.test(q) ? q : /^1\d{10}$/.test(q) ? q.slice(-4) : null;
  const matches = (await listSignupsOfActivity(activity.id))
    .filter((s) => (byPhone ? s.phoneTail === byPhone : s.memberName.includes(q)))
    .sort((a, b) => a.memberName.localeCompare(b.memberName, 'zh-CN'))
    .slice(0, MAX_MATCHES)
    .map((s) => ({
      memberNo: s.memberNo,
      name: maskName(s.memberName),
      phone: s.phoneTail ? `*******${s.phoneTail}` : '',
      status: s.status,
      places: s.places,
      checkedInAt: s.checkedInAt,
    }));
  return { matches };
});
