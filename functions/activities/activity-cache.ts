import { getActivityItem, type ActivityRecord } from '../tables/activities';

/**
 * The activity item as a sign-up sees it, kept for a moment per Lambda container. A city-wide
 * benefit takes hundreds of sign-ups a second; without this each one reads the same item first.
 * Safe because nothing here decides a place: the transaction's conditions do (a capacity changed
 * meanwhile fails the condition and is retried with the new figure), and the full hints it carries
 * only send people to the waiting list, where the sweeper's refill reaches them.
 */
const MAX_AGE_MS = 2_000;
// the read in flight is shared too, so a burst of sign-ups in one container makes one read
const cache = new Map<string, { at: number; activity: Promise<ActivityRecord | null> }>();

export function activityForSignup(id: string, now = Date.now()): Promise<ActivityRecord | null> {
  const hit = cache.get(id);
  if (hit && now - hit.at < MAX_AGE_MS) return hit.activity;
  if (cache.size > 500) cache.clear(); // a container sees few activities; never let it grow
  const activity = getActivityItem(id);
  cache.set(id, { at: now, activity });
  activity.catch(() => cache.delete(id)); // a failed read is not kept
  return activity;
}
