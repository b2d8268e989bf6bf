import { contract } from '../../shared/contract';
import { acceptClaimPage, dropClaimPages, dropClaimUpload } from '../lib/claim-photos';
import { conflict } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { CLAIM_STALE, claimView, replaceSlots, type ClaimRecord } from '../tables/claims';
import { assertCollecting, assertRoom, checklistItem, ownClaim } from './member-claim';

const ATTEMPTS = 5;
const holds = (claim: ClaimRecord, photoId: string) => Object.values(claim.slots).some((s) => s.pages.some((p) => p.id === photoId));

/**
 * Puts an uploaded page into its slot: the upload is checked (JPEG/PNG by its bytes, ≤ 5 MB, decodes)
 * and stored re-encoded without EXIF under the claim, then added to the slot (one conditional write
 * on the claim's version; pages of one slot sent at once each retry on a fresh read). A retry of the
 * same page answers the claim as it stands. When it gives up (409), the stored page is deleted.
 */
export const handler = defineHandler(contract.addClaimPage, async ({ params, body }, { principal, log }) => {
  let claim = await ownClaim(principal.userId, params.claimId);
  if (holds(claim, body.uploadId)) return claimView(claim);
  assertCollecting(claim);
  checklistItem(claim, body.item);
  assertRoom(claim, body.item);
  const stored = await acceptClaimPage(principal.userId, body.uploadId, claim.id, body.item);
  const page = { id: body.uploadId, ...stored, addedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) {
      claim = await ownClaim(principal.userId, params.claimId);
      if (holds(claim, body.uploadId)) break;
      try {
        assertCollecting(claim);
        assertRoom(claim, body.item);
      } catch (error) {
        await dropClaimPages([stored]);
        throw error;
      }
    }
    const slot = claim.slots[body.item] ?? { pages: [] };
    const slots = { ...claim.slots, [body.item]: { ...slot, pages: [...slot.pages, page] } };
    if (await replaceSlots(claim, slots)) {
      await dropClaimUpload(principal.userId, body.uploadId);
      log.info('claim page added', { claimId: claim.id, item: body.item, photoId: body.uploadId });
      return claimView({ ...claim, slots, version: claim.version + 1 });
    }
  }
  const now = await ownClaim(principal.userId, params.claimId);
  if (holds(now, body.uploadId)) return claimView(now);
  // the page is in no slot: its stored photo goes (the upload stays, so adding it again works)
  await dropClaimPages([stored]);
  throw conflict(CLAIM_STALE);
});
