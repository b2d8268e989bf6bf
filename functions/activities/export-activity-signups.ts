import Papa from 'papaparse';
import { contract } from '../../shared/contract';
import { signupStatusLabel } from '../../shared/schemas/activity';
import { maskName } from '../../shared/schemas/common';
import { beijingExport } from '../../shared/beijing-time';
import { recordAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getActivity } from '../tables/activities';
import { listSignupsOfActivity, type SignupRecord } from '../tables/signups';

// on-site registrations are stored as "李老师 2026-11-30T04:31:00.000Z": the instant is written in Beijing time
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;
const inBeijingTime = (text: string) => text.replace(ISO_INSTANT, (iso) => beijingExport(iso));

/** The CSV's rows in arrival order; every time in Beijing time ("2026-11-30 12:31"), as staff read it. */
export function signupRows(signups: SignupRecord[], fullNames: boolean) {
  return [...signups]
    .sort((a, b) => a.queueKey.localeCompare(b.queueKey))
    .map((s, i) => ({
      序号: i + 1,
      姓名: fullNames ? s.memberName : maskName(s.memberName),
      会员号: s.memberNo,
      状态: signupStatusLabel[s.status],
      名额: s.places,
      孩子: s.children.map((c) => `${c.name}(${c.age}岁)`).join('、'),
      现场登记: inBeijingTime(s.registeredBy ?? ''),
      签到时间: s.checkedInAt ? beijingExport(s.checkedInAt) : '',
      签到人: s.checkedInBy ?? '',
    }));
}

/** The sign-up list as CSV for reporting upward: who, status, places, who registered, check-in. */
export const handler = defineHandler(contract.exportActivitySignups, async ({ params }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  // full names only for staff of the publishing org, as everywhere else
  const fullNames = principal.actingOrgId === org.id;
  const rows = signupRows(await listSignupsOfActivity(activity.id), fullNames);
  await recordAudit({
    principal,
    org,
    kind: 'export',
    object: { type: 'activity', id: activity.id, label: activity.title },
    summary: `导出「${activity.title}」的报名名单（${rows.length} 条${fullNames ? '，含完整姓名' : ''}）`,
  });
  return { filename: `signups-${activity.id}.csv`, csv: `\uFEFF${Papa.unparse(rows)}` };
});
