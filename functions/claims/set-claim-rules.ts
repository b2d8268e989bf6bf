import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getActivityItem } from '../tables/activities';
import { setClaimRules } from '../tables/claims';

/**
 * Staff of the plan's org (or above) set what its claims may be for, what to bring and the deadline.
 * Claims already started keep the checklist they were started with.
 */
export const handler = defineHandler(contract.setClaimRules, async ({ params, body }, { principal }) => {
  const activity = await getActivityItem(params.activityId);
  if (!activity) throw notFound('找不到这个互助保障计划');
  const org = await assertInScope(principal, activity.orgId);
  if (activity.category !== 'plan') throw conflict('只有互助保障计划可以设定理赔规则');
  if (!(await setClaimRules(activity.id, body))) throw notFound('找不到这个互助保障计划');
  if (JSON.stringify(activity.claimRules) !== JSON.stringify(body)) {
    await recordAudit({
      principal,
      org,
      kind: 'claim.rules',
      object: { type: 'activity', id: activity.id, label: activity.title },
      summary: `设定「${activity.title}」的理赔规则：${body.events.map((e) => e.label).join('、')}，事发 ${body.deadlineDays} 天内申请`,
    });
  }
  return { rules: body };
});
