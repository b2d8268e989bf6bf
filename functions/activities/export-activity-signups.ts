import Papa from 'papaparse';
import { contract } from '../../shared/contract';
import { signupStatusLabel } from '../../shared/schemas/activity';
import { maskName } from '../../shared/schemas/common';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getActivity } from '../tables/activities';
import { listSignupsOfActivity } from '../tables/signups';

/** The sign-up list as CSV for reporting upward: who, status, places, who registered, check-in. */
export const handler = defineHandler(contract.exportActivitySignups, async ({ params }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  // full names only for staff of the publishing org, as everywhere else
  const full = principal.actingOrgId === org.id;
  const rows = (await listSignupsOfActivity(activity.id))
    .sort((a, b) => a.queueKey.localeCompare(b.queueKey))
    .map((s, i) => ({
      序号: i + 1,
      姓名: full ? s.memberName : maskName(s.memberName),
      会员号: s.memberNo,
      状态: signupStatusLabel[s.status],
      名额: s.places,
      孩子: s.children.map((c) => `${c.name}(${c.age}岁)`).join('、'),
      现场登记: s.registeredBy ?? '',
      签到时间: s.checkedInAt ?? '',
      签到人: s.checkedInBy ?? '',
    }));
  return { filename: `signups-${activity.id}.csv`, csv: `\uFEFF${Papa.unparse(rows)}` };
});
