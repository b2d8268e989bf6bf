import { contract } from '../../shared/contract';
import { dropClaimPages } from '../lib/claim-photos';
import { conflict } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { CLAIM_STALE, claimView, replaceSlots } from '../tables/claims';
import { assertCollecting, ownClaim } from './member-claim';

const ATTEMPTS = 5;

/**
 * Takes a page out of its slot (draft, or while asked for more) and deletes its photo. A page that
 * is not there (a retried delete) answers the claim as it stands.
 */
export const handler = defineHandler(contract.removeClaimPage, async ({ params }, { principal, log }) => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const claim = await ownClaim(principal.userId, params.claimId);
    const item = Object.keys(claim.slots).find((code) => claim.slots[code]!.pages.some((p) => p.id === params.photoId));
    if (!item) return claimView(claim);
    assertCollecting(claim);
    const slot = claim.slots[item]!;
    const page = slot.pages.find((p) => p.id === params.photoId)!;
    const slots = { ...claim.slots, [item]: { ...slot, pages: slot.pages.filter((p) => p.id !== params.photoId) } };
    if (await replaceSlots(claim, slots)) {
      await dropClaimPages([page]);
      log.info('claim page removed', { claimId: claim.id, item, photoId: params.photoId });
      return claimView({ ...claim, slots, version: claim.version + 1 });
    }
  }
  throw conflict(CLAIM_STALE);
});
