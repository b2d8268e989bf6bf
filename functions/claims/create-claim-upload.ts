import { randomUUID } from 'node:crypto';
import { contract } from '../../shared/contract';
import { presignClaimUpload } from '../lib/claim-photos';
import { defineHandler } from '../lib/http/handler';
import { assertCollecting, assertRoom, ownClaim } from './member-claim';

/**
 * A presigned POST for one page of one material of the member's own claim (draft or asked for
 * more): the phone sends it straight to `claims/uploads/<memberId>/<uploadId>`; addClaimPage checks it.
 */
export const handler = defineHandler(contract.createClaimUpload, async ({ params, body }, { principal, log }) => {
  const claim = await ownClaim(principal.userId, params.claimId);
  assertCollecting(claim);
  assertRoom(claim, body.item);
  const uploadId = randomUUID();
  const ticket = await presignClaimUpload(principal.userId, uploadId, body.contentType);
  log.info('claim upload signed', { claimId: claim.id, item: body.item, uploadId, contentType: body.contentType, size: body.size });
  return { uploadId, ...ticket };
});
