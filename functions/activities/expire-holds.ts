import { createLogger } from '../lib/log';
import { getActivity } from '../tables/activities';
import { expiredOffers, release } from '../tables/signups';

/**
 * Scheduled every minute: offers not confirmed in time expire and their places pass on to the
 * next people on the waiting list (in the same transaction as the expiry).
 */
export async function expireHolds(now = new Date()): Promise<number> {
  let expired = 0;
  for (const offer of await expiredOffers(now)) {
    const activity = await getActivity(offer.activityId);
    if (activity && (await release(activity, offer.memberId, 'expired', now))?.status === 'expired') expired++;
  }
  return expired;
}

export const handler = async () => {
  const expired = await expireHolds();
  createLogger({ job: 'expireHolds' }).info('holds expired', { expired });
  return { expired };
};
