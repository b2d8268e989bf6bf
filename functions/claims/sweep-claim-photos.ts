import { createLogger } from '../lib/log';
import { sweepClaimPhotos, sweepStaleDrafts } from '../tables/claim-review';

/** Rounds of one daily run, of each sweep (each round ≤ 25 claims: one Query, then per claim its deletes and one write). */
const ROUNDS = 8;

/**
 * Scheduled daily: claims closed (paid or rejected) more than 3 years ago lose their photos and
 * medical detail (tables/claim-review.ts sweepClaimPhotos), the oldest first, ≤ 200 a run; the item
 * itself goes by TTL 5 years after closing. Drafts never submitted and untouched for 30 days are
 * deleted with their photos (sweepStaleDrafts), ≤ 200 a run. Stated in the privacy guideline
 * (三、保存多久).
 */
export async function sweepClaims(now = new Date(), log = createLogger({ job: 'sweepClaimPhotos' })) {
  let swept = 0;
  let photos = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const outcome = await sweepClaimPhotos(now);
    swept += outcome.swept;
    photos += outcome.photos;
    if (!outcome.more || outcome.swept === 0) break;
  }
  let drafts = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const outcome = await sweepStaleDrafts(now);
    drafts += outcome.deleted;
    photos += outcome.photos;
    if (!outcome.more) break;
  }
  log.info('claim photos swept', { swept, drafts, photos });
  return { swept, drafts, photos };
}

export const handler = async () => sweepClaims();
