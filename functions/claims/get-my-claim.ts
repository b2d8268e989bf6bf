import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { claimView } from '../tables/claims';
import { ownClaim } from './member-claim';

/** One of the member's own claims: slots with 10-minute photo links, the timeline. Anyone else's is a 404. */
export const handler = defineHandler(contract.getMyClaim, async ({ params }, { principal }) =>
  claimView(await ownClaim(principal.userId, params.claimId)),
);
