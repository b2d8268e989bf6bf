import { createLogger } from '../lib/log';
import { clearRefill, dueRefills, getActivity } from '../tables/activities';
import { expiredOffers, refill, release } from '../tables/signups';

/**
 * How long a refill mark waits before the sweeper acts: longer than any sign-up request can take
 * (the API times out first), so a sign-up that saw the activity full has landed on the list.
 */
export const REFILL_SETTLE_MS = 15_000;

/**
 * Scheduled every minute:
 * 1. offers not confirmed in time expire and their places pass on to the next people on the
 *    waiting list (in the same transaction as the expiry);
 * 2. activities whose places went back to the pool (a cancel with nobody waiting, more capacity)
 *    offer them to anyone who joined the waiting list meanwhile.
 */
export async function expireHolds(now = new Date()): Promise<{ expired: number; offered: number }> {
  let expired = 0;
  for (const offer of await expiredOffers(now)) {
    const activity = await getActivity(offer.activityId);
    if (activity && (await release(activity, offer.memberId, 'expired', now))?.status === 'expired') expired++;
  }
  let offered = 0;
  for (const due of await dueRefills(now, REFILL_SETTLE_MS)) {
    const activity = await getActivity(due.id, true);
    if (!activity) continue;
    const outcome = await refill(activity, now);
    offered += outcome.offered;
    if (outcome.settled) await clearRefill(activity.id, due.refillDueAt);
  }
  return { expired, offered };
}

export const handler = async () => {
  const outcome = await expireHolds();
  createLogger({ job: 'expireHolds' }).info('holds swept', outcome);
  return outcome;
};
