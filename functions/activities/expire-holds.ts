import { createLogger } from '../lib/log';
import { clearRefill, dueRefills, getActivity } from '../tables/activities';
import { expiredOffers, expiringOffers, handOver, pendingHandovers, refill, release } from '../tables/signups';
import { recordEvent } from '../tables/inbox';
import { offerExpiring } from '../messages/events';
import { dropFromQueue, pendingDraws, putDrawClose, runDraw } from '../tables/draws';

/** Draws run per sweep (each is bounded by the time left; an unfinished one is finished next minute). */
export const DRAWS_PER_SWEEP = 3;
/** How long the sweep may spend drawing: the function's timeout is 60 s (infra/functions.cjs). */
const DRAW_BUDGET_MS = 40_000;

/**
 * How long a refill mark waits before the sweeper acts: longer than any sign-up request can take
 * (the API times out first), so a sign-up that saw the activity full has landed on the list.
 */
export const REFILL_SETTLE_MS = 15_000;

/**
 * Scheduled every minute:
 * 1. offers not confirmed in time expire and their places pass on to the next people on the
 *    waiting list (in the same transaction as the expiry);
 * 2. cancels whose places were not passed on within their own request (a burst of cancels racing
 *    for the same people waiting, or a request cut short) are passed on now;
 * 3. activities whose places went back to the pool (a cancel with nobody waiting, more capacity)
 *    offer them to anyone who joined the waiting list meanwhile;
 * 4. offers due within 10 minutes: their members are warned (消息, once per offer: the message is
 *    keyed by the offer, so the rounds after the first write nothing);
 * 5. draws (摇号) whose window closed at least 15 s ago are drawn and allocated (a few a minute;
 *    the same as staff 开始摇号: a draw already drawn gives the same order, nothing twice).
 */
export async function expireHolds(
  now = new Date(),
  log = createLogger({ job: 'expireHolds' }),
): Promise<{ expired: number; handedOver: number; offered: number; warned: number; drawn: number; failed: number }> {
  const started = Date.now();
  let expired = 0;
  let warned = 0;
  let handedOver = 0;
  let offered = 0;
  let failed = 0;
  // one activity's trouble (a throttled read, a race that outlasted the retries) must not hold up
  // the others: each is tried on its own and tried again next minute
  for (const offer of await expiredOffers(now)) {
    try {
      const activity = await getActivity(offer.activityId);
      if (activity && (await release(activity, offer.memberId, 'expired', now))?.status === 'expired') expired++;
    } catch (error) {
      failed++;
      log.warn('offer not expired this round', { activityId: offer.activityId, error: (error as Error).name });
    }
  }
  // after the expiries (whose own handovers may leave some), before the refills (which need the
  // places given back by handovers that found nobody waiting)
  for (const ended of await pendingHandovers(now, REFILL_SETTLE_MS)) {
    try {
      const activity = await getActivity(ended.activityId);
      if (activity && (await handOver(activity, ended, now, Date.now() + 20_000))) handedOver++;
    } catch (error) {
      failed++;
      log.warn('handover not done this round', { activityId: ended.activityId, error: (error as Error).name });
    }
  }
  for (const due of await dueRefills(now, REFILL_SETTLE_MS)) {
    try {
      const activity = await getActivity(due.id, true);
      if (!activity) continue;
      const outcome = await refill(activity, now);
      offered += outcome.offered;
      if (outcome.settled) await clearRefill(activity.id, due.refillDueAt);
    } catch (error) {
      failed++;
      log.warn('refill not done this round', { activityId: due.id, error: (error as Error).name });
    }
  }
  try {
    for (const offer of await expiringOffers(now))
      if (await recordEvent(offerExpiring({ ...offer, holdExpiresAt: offer.holdExpiresAt! }, now))) warned++;
  } catch (error) {
    failed++;
    log.warn('offer warnings not all sent this round', { error: (error as Error).name });
  }
  let drawn = 0;
  // a window closes in real time, whatever moment the sweep is asked to act for
  const clock = new Date();
  try {
    for (const activityId of await pendingDraws(clock, REFILL_SETTLE_MS, DRAWS_PER_SWEEP)) {
      try {
        const activity = await getActivity(activityId, true);
        if (!activity || activity.allocation !== 'draw') {
          await dropFromQueue(activityId);
          continue;
        }
        // the window was moved later after publishing: wait for the new close
        if (activity.signupClosesAt > new Date(clock.getTime() - REFILL_SETTLE_MS).toISOString()) {
          await putDrawClose(activity.id, activity.signupClosesAt);
          continue;
        }
        const run = await runDraw(activity, clock, started + DRAW_BUDGET_MS);
        if (run.drawnNow) drawn++;
        log.info('draw run', { activityId, drawnNow: run.drawnNow, allocated: run.allocated, applicants: run.draw.applicants });
      } catch (error) {
        failed++;
        log.warn('draw not done this round', { activityId, error: (error as Error).name });
      }
    }
  } catch (error) {
    failed++;
    log.warn('draws not read this round', { error: (error as Error).name });
  }
  return { expired, handedOver, offered, warned, drawn, failed };
}

export const handler = async () => {
  const log = createLogger({ job: 'expireHolds' });
  const outcome = await expireHolds(new Date(), log);
  log.info('holds swept', outcome);
  return outcome;
};
