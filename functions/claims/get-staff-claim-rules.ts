import { contract } from '../../shared/contract';
import { CLAIM_RULES_TEMPLATE, ClaimRules } from '../../shared/schemas/claim';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getActivityItem } from '../tables/activities';

/** A plan's claim rules for staff of its org or above; a template to start from when none are set. */
export const handler = defineHandler(contract.getStaffClaimRules, async ({ params }, { principal }) => {
  const activity = await getActivityItem(params.activityId);
  if (!activity) throw notFound('找不到这个互助保障计划');
  await assertInScope(principal, activity.orgId);
  if (activity.category !== 'plan') throw conflict('只有互助保障计划可以设定理赔规则');
  return { rules: activity.claimRules ?? null, template: ClaimRules.parse(CLAIM_RULES_TEMPLATE) };
});
