import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { recordAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { actionLabel, reviewClaim } from '../tables/claim-review';
import { getClaim } from '../tables/claims';
import { getUser } from '../tables/users';
import { assertHandles, auditClaimView, staffClaimView } from './staff-claim-view';

/**
 * A review step (request-items, approve, forward, paid, reject) on the version the staff member
 * saw: one conditional transaction (tables/claim-review.ts) that also tells the member (消息 and a
 * WeChat 审核结果 when they allowed one). A replay of the same step answers the claim as it stands
 * (audited as a view: it carries the photo links); a different step or a stale version → 409.
 */
export const handler = defineHandler(contract.reviewClaim, async ({ params, body }, { principal, log }) => {
  const claim = await getClaim(params.claimId);
  if (!claim || claim.status === 'draft') throw notFound('找不到这笔理赔');
  await assertHandles(principal, claim, 'review');
  const by = maskName((await getUser(principal.userId))?.displayName ?? '工作人员');
  const outcome = await reviewClaim(claim.id, body, by);
  const { memberNameMasked, ...view } = await staffClaimView(outcome.claim);
  if (outcome.changed) {
    // the action only: amounts, reasons and notes (health detail) stay in the claim, not in the audit log
    await recordAudit({
      principal,
      org: { id: claim.memberOrgId, path: claim.memberOrgPath },
      kind: 'claim.review',
      object: { type: 'claim', id: claim.id, label: `${memberNameMasked} · 理赔 ${claim.id}` },
      summary: `${actionLabel[body.action]} ${memberNameMasked} 的理赔（${claim.id}）`,
      subjectId: claim.memberId,
    });
    log.info('claim reviewed', { claimId: claim.id, action: body.action, status: outcome.claim.status, version: outcome.claim.version });
  } else {
    // a replay of the same step: nothing changed, but the answer carries the photo links
    await auditClaimView(principal, outcome.claim, memberNameMasked);
  }
  return view;
});
