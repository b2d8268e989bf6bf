import { contract } from '../../shared/contract';
import { conflict, DomainError } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { CLAIM_STALE, claimView, submitClaim, type ClaimRecord } from '../tables/claims';
import { assertCollecting, ownClaim } from './member-claim';

/**
 * The member sends the claim (draft → submitted) or what staff asked for (needs-more → submitted).
 * Every required material needs at least one page; after a request, every requested material needs
 * a page added since the request. A refusal is a 400 naming the materials, with a field error per
 * material under `slots.<item code>` (the app shows it beside that slot). The version the member saw
 * is checked: a replay of this submit answers the claim as it stands, an older view is a 409.
 */
export const handler = defineHandler(contract.submitClaim, async ({ params, body }, { principal, log }) => {
  const claim = await ownClaim(principal.userId, params.claimId);
  if (body.version !== claim.version) {
    // the same submit again (a double tap, a retry after a lost reply)
    if (claim.status === 'submitted' && claim.version === body.version + 1) return claimView(claim);
    throw conflict(CLAIM_STALE);
  }
  assertCollecting(claim);
  refuseIncomplete(claim);
  const requested = claim.checklist.filter((r) => claim.slots[r.code]?.requested);
  const note = claim.status === 'draft' ? '提交申请' : `补充材料：${requested.map((r) => r.label).join('、') || '已补充'}`.slice(0, 200);
  const submitted = await submitClaim(claim, note);
  if (!submitted) {
    const now = await ownClaim(principal.userId, params.claimId);
    if (now.status === 'submitted' && now.version === body.version + 1) return claimView(now);
    throw conflict(CLAIM_STALE);
  }
  log.info(claim.status === 'draft' ? 'claim submitted' : 'claim resubmitted', { claimId: claim.id, version: submitted.version });
  return claimView(submitted);
});

/** 400 naming each required material without a page, and each requested one without a new page. */
function refuseIncomplete(claim: ClaimRecord): void {
  const empty = claim.checklist.filter((r) => r.required && (claim.slots[r.code]?.pages.length ?? 0) === 0);
  if (empty.length > 0) {
    throw new DomainError(
      'bad_request',
      `还缺少必交材料：${empty.map((r) => r.label).join('、')}`,
      Object.fromEntries(empty.map((r) => [`slots.${r.code}`, [`请至少拍一页${r.label}`]])),
    );
  }
  const unanswered = claim.checklist.filter((r) => {
    const slot = claim.slots[r.code];
    return slot?.requested && !slot.pages.some((p) => p.addedAt !== undefined && p.addedAt > slot.requested!.at);
  });
  if (unanswered.length > 0) {
    throw new DomainError(
      'bad_request',
      `请补充工作人员要求的材料：${unanswered.map((r) => r.label).join('、')}`,
      Object.fromEntries(unanswered.map((r) => [`slots.${r.code}`, [`请按要求补拍${r.label}：${claim.slots[r.code]!.requested!.note}`]])),
    );
  }
}
