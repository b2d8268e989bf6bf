import { createLogger } from '../lib/log';
import { anonymiseReporter, reporterPurgesDue } from '../tables/feedback';

/** One run: one Query and ≤ 100 transactions (10 in flight). Hourly: 2,400 reports a day. */
export const ANONYMISE_BATCH = 100;
const PARALLEL = 10;

/**
 * Scheduled every hour: resolved reports whose reporter has been kept REPORTER_KEPT_DAYS (a year)
 * after the resolution lose the reporter's user id and masked name; the report stays (station
 * statistics). Each is one transaction with its purge entry, so a run cut short is finished by the next.
 */
export async function anonymiseReports(
  now = new Date(),
  log = createLogger({ job: 'anonymiseReports' }),
): Promise<{ anonymised: number; failed: number }> {
  const due = await reporterPurgesDue(now, ANONYMISE_BATCH);
  let anonymised = 0;
  let failed = 0;
  for (let i = 0; i < due.length; i += PARALLEL) {
    await Promise.all(
      due.slice(i, i + PARALLEL).map(async (purge) => {
        try {
          if (await anonymiseReporter(purge, now)) anonymised++;
        } catch (error) {
          failed++; // left in place: the next run tries again
          log.warn('report not anonymised this round', { reportId: purge.reportId, error: (error as Error).name });
        }
      }),
    );
  }
  return { anonymised, failed };
}

export const handler = async () => {
  const log = createLogger({ job: 'anonymiseReports' });
  const outcome = await anonymiseReports(new Date(), log);
  log.info('reports anonymised', outcome);
  return outcome;
};
