import { createLogger } from '../lib/log';
import { expiredLeases, returnLease } from '../tables/stall';

/** Rounds of one sweep (each one Query of ≤ 100 leases on the sparse `leases` index). */
const ROUNDS = 5;

/**
 * Scheduled every 5 minutes (and in `npm start`'s sweep loop): a stall device's lease not returned
 * within LEASE_HOURS of its last top-up (the phone died, the app was closed) gives its unused places
 * back to the pool. Bounded: ≤ 5 Queries of the `leases` index and two requests per lease; a lease
 * topped up or used meanwhile is left as it is (returnLease re-reads it and is conditional).
 */
export async function returnExpiredLeases(
  now = new Date(),
  log = createLogger({ job: 'returnExpiredLeases' }),
): Promise<{ returned: number; places: number; failed: number }> {
  let returned = 0;
  let places = 0;
  let failed = 0;
  const seen = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    // the index lags a moment behind the deletes: leases already handled are skipped, not retried
    const due = (await expiredLeases(now)).filter((l) => !seen.has(`${l.eventId}|${l.deviceId}|${l.service}`));
    if (due.length === 0) break;
    for (const lease of due) {
      seen.add(`${lease.eventId}|${lease.deviceId}|${lease.service}`);
      try {
        const back = await returnLease(lease.eventId, lease.deviceId, lease.service, now);
        if (back !== null) {
          returned++;
          places += back;
        }
      } catch (error) {
        failed++;
        log.warn('lease not returned this round', { eventId: lease.eventId, error: (error as Error).name });
      }
    }
  }
  return { returned, places, failed };
}

export const handler = async () => {
  const log = createLogger({ job: 'returnExpiredLeases' });
  const outcome = await returnExpiredLeases(new Date(), log);
  log.info('expired leases returned', outcome);
  return outcome;
};
