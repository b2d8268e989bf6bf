import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getClaim } from '../tables/claims';
import { assertHandles, staffClaimView } from './staff-claim-view';

/**
 * One claim for the staff handling it (an org on the member's path). Health data: every view is
 * written to the audit log (`claim.view`), and staff of another org get a 403 and an audit line.
 */
export const handler = defineHandler(contract.getStaffClaim, async ({ params }, { principal }) => {
  const claim = await getClaim(params.claimId);
  if (!claim || claim.status === 'draft') throw notFound('找不到这笔理赔');
  const org = await assertHandles(principal, claim, 'view');
  const { memberNameMasked, ...view } = await staffClaimView(claim);
  await recordAudit({
    principal,
    org: { id: claim.memberOrgId, path: claim.memberOrgPath },
    kind: 'claim.view',
    object: { type: 'claim', id: claim.id, label: `${memberNameMasked} · ${claim.eventLabel}` },
    summary: `查看 ${memberNameMasked} 的理赔材料（${claim.planTitle} · ${claim.eventLabel}，${org.name}）`,
    subjectId: claim.memberId,
  });
  return view;
});
