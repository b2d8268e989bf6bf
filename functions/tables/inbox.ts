import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { MessageKind, MessageTarget, UNREAD_CAP, type Message } from '../../shared/schemas/message';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { db, tableName } from '../lib/db';
import { isConditionFailed, recordOf } from '../lib/dynamo';
import { MAPPINGS } from '../messages/templates';

/**
 * inbox table (userId, id): one item per person per event (docs/notifications.md).
 *   id        m-<sha256(event key)[0..24]>: the event key names the event (e.g. join#<userId>#<joinedAt>#approved),
 *             so recording it again (a retry, a replay, two sweeper rounds) finds the item and writes nothing
 *   listKey   <createdAt>#<id>: byUser lists a person's messages newest first
 *   unreadOf  = userId while unread (sparse): the unread index counts (bounded) and marks them
 *   delivery  'pending' → 'sending' → 'sent' | 'declined' | 'skipped' | 'failed', or 'retry' and back to
 *             'sending': the WeChat subscribe sender's status (functions/messages/deliver.ts)
 *   facts     the event's particulars (activity, deadline, org, reason…) for the subscribe message's fields
 *   deliverQueue, deliverAt  while the sender still has to act (sparse): 'due' and when; the
 *             `deliveries` index lists them for the sweep (retries, and anything the stream missed)
 *   attempts  sends tried (the sender's backoff)
 *   expiresAt TTL, 180 days after the event
 */

export const INBOX_TTL_DAYS = 180;
export const MESSAGE_PAGE = 20;
/** `all` marks at most this many per call (the answer says whether more are left). */
export const MARK_ALL_BATCH = 50;

export const DeliveryStatus = z.enum(['pending', 'sending', 'retry', 'sent', 'declined', 'skipped', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/**
 * A new message waits this long before the sweep may take it: the stream consumer (deployed) sends
 * it within seconds; the sweep is the safety net (and, under npm start, the consumer itself).
 */
export const STREAM_GRACE_MS = 60_000;
export const DELIVERY_QUEUE = 'due';

const InboxRecord = z.object({
  userId: z.string(),
  id: z.string(),
  eventKey: z.string(),
  kind: MessageKind,
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  target: MessageTarget.optional(),
  unreadOf: z.string().optional(),
  delivery: DeliveryStatus,
  facts: z.record(z.string(), z.string()).optional(),
  deliverAt: z.string().optional(),
  attempts: z.number().int().optional(),
});
type InboxRecord = z.infer<typeof InboxRecord>;

/** An event for one person, before it is stored. Texts are final (Chinese, Beijing times). */
export interface InboxEvent {
  userId: string;
  /** names the event uniquely and stably: the same event always gives the same key */
  eventKey: string;
  kind: MessageKind;
  title: string;
  body: string;
  target?: MessageTarget;
  /** particulars for the WeChat subscribe message's fields (functions/messages/templates.ts); never shown in the app */
  facts?: Record<string, string>;
  at: Date | string;
}

const T = () => tableName('inbox');

export const messageIdOf = (eventKey: string) => `m-${createHash('sha256').update(eventKey).digest('hex').slice(0, 24)}`;

function itemOf(e: InboxEvent) {
  const createdAt = typeof e.at === 'string' ? e.at : e.at.toISOString();
  const id = messageIdOf(e.eventKey);
  return {
    userId: e.userId,
    id,
    eventKey: e.eventKey,
    kind: e.kind,
    title: e.title,
    body: e.body,
    ...(e.target ? { target: e.target } : {}),
    ...(e.facts && Object.keys(e.facts).length > 0 ? { facts: e.facts } : {}),
    createdAt,
    listKey: `${createdAt}#${id}`,
    unreadOf: e.userId,
    // a kind no subscribe template carries (inbox-only, e.g. 摇号 results) is born skipped: neither the
    // stream nor the sweep has anything to do for it (a 5,000-entry draw would otherwise fill the sweep)
    ...(MAPPINGS[e.kind]
      ? {
          delivery: 'pending' as const,
          deliverQueue: DELIVERY_QUEUE,
          deliverAt: new Date(Date.parse(createdAt) + STREAM_GRACE_MS).toISOString(),
        }
      : { delivery: 'skipped' as const }),
    expiresAt: Math.floor(Date.parse(createdAt) / 1000) + INBOX_TTL_DAYS * 24 * 60 * 60,
  };
}

/**
 * Records an event for its person: one conditional PutItem. Recording it again writes nothing
 * (returns false), so callers may record on every retry.
 */
export async function recordEvent(e: InboxEvent): Promise<boolean> {
  try {
    await db().send(new PutCommand({ TableName: T(), Item: itemOf(e), ConditionExpression: 'attribute_not_exists(id)' }));
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

type Tx = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The same event as a step of a transaction the action already runs (no extra request). No
 * condition: a transaction that can only succeed once per event records it once anyway, and an
 * overwrite would be the same message.
 */
export function eventStep(e: InboxEvent): Tx {
  return { Put: { TableName: T(), Item: itemOf(e) } };
}

function toMessage(r: InboxRecord): Message {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    createdAt: r.createdAt,
    read: r.unreadOf === undefined,
    ...(r.target ? { target: r.target } : {}),
  };
}

const PageCursor = z.strictObject({ k: z.string().max(200) });

/** A page of a person's messages, newest first: one Query on byUser. */
export async function listMessages(
  userId: string,
  cursor?: string,
  limit = MESSAGE_PAGE,
): Promise<{ messages: Message[]; nextCursor?: string }> {
  const at = decodeCursor(cursor, PageCursor);
  const reply = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'byUser',
      KeyConditionExpression: at ? 'userId = :u AND listKey < :k' : 'userId = :u',
      ExpressionAttributeValues: { ':u': userId, ...(at ? { ':k': at.k } : {}) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  const items = (reply.Items ?? []).map((i) => recordOf(InboxRecord, i));
  const last = reply.LastEvaluatedKey?.listKey as string | undefined;
  return { messages: items.map(toMessage), ...(last ? { nextCursor: encodeCursor({ k: last }) } : {}) };
}

/** Unread messages, counted up to UNREAD_CAP: one Query (Select COUNT) on the sparse unread index. */
export async function countUnread(userId: string): Promise<{ unread: number; capped: boolean }> {
  const reply = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'unread',
      KeyConditionExpression: 'unreadOf = :u',
      ExpressionAttributeValues: { ':u': userId },
      Select: 'COUNT',
      Limit: UNREAD_CAP,
    }),
  );
  const unread = reply.Count ?? 0;
  return { unread, capped: unread >= UNREAD_CAP && reply.LastEvaluatedKey !== undefined };
}

/** Marks one message read; false if it is not the person's (or gone). Marking again changes nothing. */
async function markOne(userId: string, id: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { userId, id },
        UpdateExpression: 'REMOVE unreadOf',
        ConditionExpression: 'attribute_exists(id)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Marks the given messages read (≤ 50, one UpdateItem each, keyed by the caller: nobody else's). */
export async function markRead(userId: string, ids: readonly string[]): Promise<void> {
  await Promise.all([...new Set(ids)].map((id) => markOne(userId, id)));
}

/**
 * 全部已读: marks up to MARK_ALL_BATCH unread messages (one Query on the unread index, one
 * UpdateItem each). `more` says some are left: the app calls again.
 */
export async function markAllRead(userId: string): Promise<{ more: boolean }> {
  const reply = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'unread',
      KeyConditionExpression: 'unreadOf = :u',
      ExpressionAttributeValues: { ':u': userId },
      ProjectionExpression: 'id',
      Limit: MARK_ALL_BATCH,
    }),
  );
  const ids = (reply.Items ?? []).map((i) => i.id as string);
  await markRead(userId, ids);
  return { more: reply.LastEvaluatedKey !== undefined };
}

/** One message, for tests and the sender (consistent). */
export async function getMessage(userId: string, eventKey: string): Promise<(Message & { delivery: string }) | null> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: { userId, id: messageIdOf(eventKey) }, ConsistentRead: true }));
  if (!Item) return null;
  const r = recordOf(InboxRecord, Item);
  return { ...toMessage(r), delivery: r.delivery };
}

// ---------------------------------------------------------------------------------------------
// The WeChat subscribe sender (functions/messages/deliver.ts): each step one conditional UpdateItem
// on the item, so a message is sent at most once however often the stream or the sweep hands it over.

export type InboxItem = InboxRecord;

/**
 * Takes the message for sending: pending (from the stream or the sweep), or a retry whose time has
 * come → 'sending', with a lease (deliverAt) after which the sweep gives it up. null: someone else
 * has it, or it is done.
 */
export async function claimDelivery(userId: string, id: string, now: Date, leaseMs: number): Promise<InboxItem | null> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { userId, id },
        UpdateExpression: 'SET delivery = :sending, deliverAt = :lease, attempts = if_not_exists(attempts, :zero) + :one',
        ConditionExpression: 'delivery = :pending OR (delivery = :retry AND deliverAt <= :now)',
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':pending': 'pending',
          ':retry': 'retry',
          ':now': now.toISOString(),
          ':lease': new Date(now.getTime() + leaseMs).toISOString(),
          ':zero': 0,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? recordOf(InboxRecord, Attributes) : null;
  } catch (error) {
    if (isConditionFailed(error)) return null;
    throw error;
  }
}

/** The sender is done with it: the final status; out of the sweep's index. */
export async function settleDelivery(userId: string, id: string, status: 'sent' | 'declined' | 'skipped' | 'failed'): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: T(),
      Key: { userId, id },
      UpdateExpression: 'SET delivery = :s REMOVE deliverQueue, deliverAt',
      ConditionExpression: 'delivery = :sending',
      ExpressionAttributeValues: { ':s': status, ':sending': 'sending' },
    }),
  );
}

/** WeChat could not take it now: try again at `at`. */
export async function retryDelivery(userId: string, id: string, at: Date): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: T(),
      Key: { userId, id },
      UpdateExpression: 'SET delivery = :retry, deliverAt = :at',
      ConditionExpression: 'delivery = :sending',
      ExpressionAttributeValues: { ':retry': 'retry', ':at': at.toISOString(), ':sending': 'sending' },
    }),
  );
}

/**
 * A send whose lease ran out (the sender died mid-send): whether WeChat got it is unknown, so it is
 * never sent again ('failed'); the inbox has it anyway.
 */
export async function abandonDelivery(userId: string, id: string, now: Date): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { userId, id },
        UpdateExpression: 'SET delivery = :failed REMOVE deliverQueue, deliverAt',
        ConditionExpression: 'delivery = :sending AND deliverAt <= :now',
        ExpressionAttributeValues: { ':failed': 'failed', ':sending': 'sending', ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Messages the sender has to act on by `now`, earliest first: one Query on the sparse deliveries index. */
export async function dueDeliveries(now: Date, limit = 50): Promise<{ userId: string; id: string; delivery: DeliveryStatus }[]> {
  const reply = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'deliveries',
      KeyConditionExpression: 'deliverQueue = :q AND deliverAt <= :now',
      ExpressionAttributeValues: { ':q': DELIVERY_QUEUE, ':now': now.toISOString() },
      Limit: limit,
    }),
  );
  return (reply.Items ?? []).map((i) => ({ userId: i.userId as string, id: i.id as string, delivery: i.delivery as DeliveryStatus }));
}
