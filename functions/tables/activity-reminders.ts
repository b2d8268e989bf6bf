import { QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { db, tableName } from '../lib/db';
import { isConditionFailed, recordOf, type Item } from '../lib/dynamo';

/**
 * Activity reminders (docs/notifications.md), kept on the activity item of the activities table:
 *   remindFor     the start time the reminders were scheduled for (absent: never scheduled, e.g. an
 *                 activity published before reminders existed; its next edit schedules them)
 *   remindSlot    'day' (24 h before the start) or '2h' (2 hours before): the next reminder to send
 *   remindAt      when that reminder is due
 *   remindBucket  = 'due' while a reminder is ahead (sparse): the `reminders` index (remindBucket,
 *                 remindAt) finds those due, earliest first
 *   remindCursor  how far through the confirmed sign-ups the current reminder got (a city-wide
 *                 benefit with thousands confirmed takes several runs)
 */

export const REMINDER_SLOTS = ['day', '2h'] as const;
export type ReminderSlot = (typeof REMINDER_SLOTS)[number];
const BEFORE_START_MS: Record<ReminderSlot, number> = { day: 24 * 3600_000, '2h': 2 * 3600_000 };
const DUE = 'due';

const T = () => tableName('activities');

/** When a reminder of an activity starting at `startsAt` is due. */
export const reminderDueAt = (startsAt: string, slot: ReminderSlot) => new Date(Date.parse(startsAt) - BEFORE_START_MS[slot]).toISOString();

/**
 * The first reminder still ahead at `now` for an activity starting at `startsAt`, or null. One whose
 * time has passed when the activity is published or its time changed is skipped (published 1 hour
 * before the start: no reminder at all; 20 hours before: only the 2-hour one).
 */
export function firstReminder(startsAt: string, now: Date): { slot: ReminderSlot; at: string } | null {
  for (const slot of REMINDER_SLOTS) {
    const at = reminderDueAt(startsAt, slot);
    if (Date.parse(at) > now.getTime()) return { slot, at };
  }
  return null;
}

/** The reminder attributes of a new activity, for its Put. */
export function reminderAttributes(startsAt: string, now: Date): Item {
  const first = firstReminder(startsAt, now);
  return { remindFor: startsAt, ...(first ? { remindBucket: DUE, remindSlot: first.slot, remindAt: first.at } : {}) };
}

/**
 * The same as parts of an UpdateItem, for a start time changed (or an activity never scheduled):
 * the reminders start over from the new time. A reminder already sent for the old time is sent again
 * for the new one (its key names the start time), so nobody keeps a wrong time.
 */
export function rescheduleUpdate(startsAt: string, now: Date): { set: string; remove: string; values: Item } {
  const first = firstReminder(startsAt, now);
  return first
    ? {
        set: 'remindFor = :remindFor, remindBucket = :remindBucket, remindSlot = :remindSlot, remindAt = :remindAt',
        remove: 'remindCursor',
        values: { ':remindFor': startsAt, ':remindBucket': DUE, ':remindSlot': first.slot, ':remindAt': first.at },
      }
    : { set: 'remindFor = :remindFor', remove: 'remindBucket, remindSlot, remindAt, remindCursor', values: { ':remindFor': startsAt } };
}

/** An activity with a reminder due, as the reminder job reads it from the index. */
export const DueReminder = z.object({
  id: z.string(),
  title: z.string(),
  place: z.string(),
  startsAt: z.string(),
  remindFor: z.string(),
  remindSlot: z.enum(REMINDER_SLOTS),
  remindAt: z.string(),
  remindCursor: z.string().optional(),
});
export type DueReminder = z.infer<typeof DueReminder>;

/** Activities whose next reminder is due at `now`, earliest first: one Query on `reminders`, ≤ `limit`. */
export async function dueReminders(now: Date, limit: number): Promise<DueReminder[]> {
  const reply = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'reminders',
      KeyConditionExpression: 'remindBucket = :due AND remindAt <= :now',
      ExpressionAttributeValues: { ':due': DUE, ':now': now.toISOString() },
      Limit: limit,
    }),
  );
  return (reply.Items ?? []).map((i) => recordOf(DueReminder, i));
}

/**
 * Moves a reminder on, only if the activity is still where the job read it (same start, same
 * reminder, same cursor): an edit of the time in between wins, and the job leaves the activity be.
 *   { cursor }  more confirmed sign-ups to go: remember where
 *   { next }    this reminder is done: the next one ('2h' after 'day'), from the first sign-up
 *   'done'      no reminder left: off the index
 * Returns false when the activity changed meanwhile.
 */
export async function advanceReminder(r: DueReminder, to: { cursor: string } | { next: ReminderSlot } | 'done'): Promise<boolean> {
  const update =
    to === 'done'
      ? { expression: 'REMOVE remindBucket, remindSlot, remindAt, remindCursor', values: {} }
      : 'cursor' in to
        ? { expression: 'SET remindCursor = :cursor', values: { ':cursor': to.cursor } }
        : {
            expression: 'SET remindSlot = :next, remindAt = :nextAt REMOVE remindCursor',
            values: { ':next': to.next, ':nextAt': reminderDueAt(r.remindFor, to.next) },
          };
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { id: r.id },
        UpdateExpression: update.expression,
        ConditionExpression: `remindFor = :for AND remindSlot = :slot AND remindAt = :at AND ${
          r.remindCursor === undefined ? 'attribute_not_exists(remindCursor)' : 'remindCursor = :was'
        }`,
        ExpressionAttributeValues: {
          ...update.values,
          ':for': r.remindFor,
          ':slot': r.remindSlot,
          ':at': r.remindAt,
          ...(r.remindCursor === undefined ? {} : { ':was': r.remindCursor }),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/**
 * Backfill, a page at a time (scripts/backfill-reminders.ts): activities published before reminders
 * existed (no `remindFor`) that have not started get their schedule. One Scan page (≤ 100 items read)
 * and one conditional UpdateItem per activity found; idempotent (an activity scheduled meanwhile, by
 * an edit, is left alone).
 */
export async function scheduleUnscheduled(
  now: Date,
  startKey?: Record<string, unknown>,
): Promise<{ scheduled: number; nextKey?: Record<string, unknown> }> {
  const reply = await db().send(
    new ScanCommand({
      TableName: T(),
      // the activity items (shard items have no orgId), not yet scheduled, not yet started
      FilterExpression: 'attribute_exists(orgId) AND attribute_not_exists(remindFor) AND startsAt > :now',
      ExpressionAttributeValues: { ':now': now.toISOString() },
      ProjectionExpression: 'id, startsAt',
      Limit: 100,
      ExclusiveStartKey: startKey,
    }),
  );
  let scheduled = 0;
  for (const item of reply.Items ?? []) {
    const { id, startsAt } = z.object({ id: z.string(), startsAt: z.string() }).parse(item);
    const update = rescheduleUpdate(startsAt, now);
    try {
      await db().send(
        new UpdateCommand({
          TableName: T(),
          Key: { id },
          UpdateExpression: `SET ${update.set}${update.remove ? ` REMOVE ${update.remove}` : ''}`,
          ConditionExpression: 'attribute_not_exists(remindFor) AND startsAt = :starts',
          ExpressionAttributeValues: { ...update.values, ':starts': startsAt },
        }),
      );
      scheduled++;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
  return { scheduled, ...(reply.LastEvaluatedKey ? { nextKey: reply.LastEvaluatedKey } : {}) };
}
