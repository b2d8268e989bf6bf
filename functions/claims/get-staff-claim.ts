import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getClaim } from '../tables/claims';
import { assertHandles, auditClaimView, staffClaimView } from './staff-claim-view';

/**
 * One claim for the staff handling it (an org on the member's path). Health data: every view is
 * written to the audit log (`claim.view`: the masked name and the claim id, nothing of its health
 * detail), and staff of another org get a 403 and an audit line.
 */
export const handler = defineHandler(contract.getStaffClaim, async ({ params }, { principal }) => {
  const claim = await getClaim(params.claimId);
  if (!claim || claim.status === 'draft') throw notFound('找不到这笔理赔');
  await assertHandles(principal, claim, 'view');
  const { memberNameMasked, ...view } = await staffClaimView(claim);
  await auditClaimView(principal, claim, memberNameMasked);
  return view;
});
