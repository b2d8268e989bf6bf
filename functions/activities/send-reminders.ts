import { createLogger } from '../lib/log';
import { activityReminder } from '../messages/events';
import { advanceReminder, dueReminders, reminderDueAt, type DueReminder } from '../tables/activity-reminders';
import { recordEvent } from '../tables/inbox';
import { confirmedSignupsPage } from '../tables/signups';

/**
 * What one run may do (docs/notifications.md, Activity reminders): ≤ 1 Query for the due activities
 * (≤ `activities` of them), ≤ `pages` Queries of confirmed sign-ups (`pageSize` each), so ≤
 * pages × pageSize conditional PutItems into the inbox, and one UpdateItem per page or reminder
 * moved on; and it stops taking new pages after `budgetMs` (the Lambda has 60 s). 5,000 people a run,
 * every 5 minutes: 60,000 an hour.
 */
export const REMINDER_RUN = { activities: 20, pageSize: 100, pages: 50, budgetMs: 40_000 };
/** Inbox writes in flight at once. */
const PARALLEL_PUTS = 25;

export interface ReminderRunOutcome {
  /** messages written (a person already told for this reminder is not counted) */
  reminded: number;
  /** reminders finished (every confirmed person told) */
  finished: number;
  /** reminders passed over: the job was late and the activity has started, or the next one is due */
  skipped: number;
  pages: number;
  failed: number;
}

/**
 * Scheduled every 5 minutes: activities whose next reminder is due (the `reminders` index) have it
 * sent to everyone confirmed, one page of sign-ups at a time, round-robin, so one city-wide benefit
 * does not hold up the others. Each person's message is one conditional PutItem keyed by the
 * reminder, so a page redone after a failure tells nobody twice. Waiting, offered and cancelled
 * sign-ups get none.
 */
export async function sendReminders(
  now = new Date(),
  log = createLogger({ job: 'sendReminders' }),
  limits = REMINDER_RUN,
): Promise<ReminderRunOutcome> {
  const outcome: ReminderRunOutcome = { reminded: 0, finished: 0, skipped: 0, pages: 0, failed: 0 };
  const deadline = Date.now() + limits.budgetMs;
  let work = await dueReminders(now, limits.activities);
  while (work.length > 0) {
    const more: DueReminder[] = [];
    for (const r of work) {
      if (outcome.pages >= limits.pages || Date.now() >= deadline) return outcome;
      try {
        const next = await step(r, now, limits.pageSize, outcome);
        if (next) more.push(next);
      } catch (error) {
        // left as it was: the next run does this page again (those already told are not told twice)
        outcome.failed++;
        log.warn('reminder not sent this round', { activityId: r.id, slot: r.remindSlot, error: (error as Error).name });
      }
    }
    work = more;
  }
  return outcome;
}

/** One page of one activity's reminder; the reminder as it now stands if there is more to do in this run. */
async function step(r: DueReminder, now: Date, pageSize: number, outcome: ReminderRunOutcome): Promise<DueReminder | null> {
  // the job ran late (an outage): nothing is sent once the activity has started, and the day-before
  // reminder gives way once the 2-hour one is due
  if (now.getTime() >= Date.parse(r.remindFor)) {
    outcome.skipped++;
    await advanceReminder(r, 'done');
    return null;
  }
  if (r.remindSlot === 'day' && now.getTime() >= Date.parse(reminderDueAt(r.remindFor, '2h'))) {
    outcome.skipped++;
    return (await advanceReminder(r, { next: '2h' })) ? moved(r, '2h') : null;
  }
  outcome.pages++;
  const page = await confirmedSignupsPage(r.id, pageSize, r.remindCursor);
  const activity = { id: r.id, title: r.title, place: r.place, startsAt: r.remindFor };
  for (let i = 0; i < page.memberIds.length; i += PARALLEL_PUTS) {
    const written = await Promise.all(
      page.memberIds.slice(i, i + PARALLEL_PUTS).map((memberId) => recordEvent(activityReminder(activity, memberId, r.remindSlot, now))),
    );
    outcome.reminded += written.filter(Boolean).length;
  }
  if (page.nextCursor) {
    // an edit of the time meanwhile wins: the activity is left to its new schedule
    return (await advanceReminder(r, { cursor: page.nextCursor })) ? { ...r, remindCursor: page.nextCursor } : null;
  }
  outcome.finished++;
  if (r.remindSlot === 'day') {
    const advanced = await advanceReminder(r, { next: '2h' });
    const next = moved(r, '2h');
    return advanced && Date.parse(next.remindAt) <= now.getTime() ? next : null;
  }
  await advanceReminder(r, 'done');
  return null;
}

const moved = (r: DueReminder, slot: 'day' | '2h'): DueReminder => {
  const { remindCursor: _done, ...rest } = r;
  return { ...rest, remindSlot: slot, remindAt: reminderDueAt(r.remindFor, slot) };
};

export const handler = async () => {
  const log = createLogger({ job: 'sendReminders' });
  const outcome = await sendReminders(new Date(), log);
  log.info('reminders sent', { ...outcome });
  return outcome;
};
