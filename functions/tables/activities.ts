import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { ActivityEdit, ActivityInput } from '../../shared/schemas/activity';
import { db, tableName } from '../lib/db';

/**
 * activities table, keyed by id:
 *   <activityId>        the activity; for most activities also its capacity counter `confirmed`
 *                       (places held by confirmed sign-ups and open offers)
 *   <activityId>#s<k>   city-wide benefits (≥ SHARD_FROM_CAPACITY places): the counter is split over
 *                       `shards` items, each with its own share of the capacity, so no single item
 *                       takes every sign-up (DynamoDB allows about 1,000 writes/s per item)
 *   byOrg (orgId, startsAt): an org's activities (shard items have no orgId, so are not listed)
 *   refills (refillBucket, refillDueAt): activities where places went back to the pool while
 *                       people may be waiting; the sweeper offers them on (see docs/signups.md)
 */
export type ActivityRecord = ActivityInput & {
  id: string;
  confirmed: number;
  createdAt: string;
  createdBy: string;
  shards?: number;
  /** sharded only: a sign-up found every shard full (a hint; cleared when places come back) */
  allFull?: boolean;
};

/** An item a sign-up's places are counted on, with its share of the capacity and what it holds. */
export interface Counter {
  id: string;
  capacity: number;
  confirmed: number;
}

export const SHARD_FROM_CAPACITY = 1000;
const PLACES_PER_SHARD = 200;
const MAX_SHARDS = 20;

const T = () => tableName('activities');

export function shardCountFor(capacity: number | null): number {
  return capacity !== null && capacity >= SHARD_FROM_CAPACITY ? Math.min(MAX_SHARDS, Math.ceil(capacity / PLACES_PER_SHARD)) : 0;
}

/** Shares of `capacity` over k counters that add up to the whole. */
function shares(capacity: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(capacity / k) + (i < capacity % k ? 1 : 0));
}

export const shardId = (activityId: string, k: number) => `${activityId}#s${k}`;

export async function putActivity(activity: ActivityRecord): Promise<void> {
  const counters = activity.shards && activity.capacity !== null ? shares(activity.capacity, activity.shards) : [];
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: T(), Item: { ...activity, confirmed: 0 }, ConditionExpression: 'attribute_not_exists(id)' } },
        ...counters.map((capacity, k) => ({
          Put: {
            TableName: T(),
            Item: { id: shardId(activity.id, k), capacity, confirmed: 0 },
            ConditionExpression: 'attribute_not_exists(id)',
          },
        })),
      ],
    }),
  );
}

/**
 * The counters of a capacity-limited activity, read together (consistent when deciding a sign-up).
 * For an unsharded activity that is the activity item itself.
 */
export async function readCounters(
  activity: Pick<ActivityRecord, 'id' | 'capacity' | 'confirmed' | 'shards'>,
  consistent: boolean,
): Promise<Counter[]> {
  if (activity.capacity === null) return [];
  if (!activity.shards) {
    if (!consistent) return [{ id: activity.id, capacity: activity.capacity, confirmed: activity.confirmed ?? 0 }];
    const fresh = await getActivity(activity.id, true);
    return fresh ? [{ id: fresh.id, capacity: fresh.capacity ?? 0, confirmed: fresh.confirmed ?? 0 }] : [];
  }
  const keys = Array.from({ length: activity.shards }, (_, k) => ({ id: shardId(activity.id, k) }));
  // at most 20 small items: BatchGet answers them in one round unless throttled; every shard must be
  // read, since a missing one would be counted as neither taken nor free
  let items: Record<string, unknown>[] = [];
  let request: { Keys: Record<string, unknown>[] | undefined; ConsistentRead?: boolean } | undefined = {
    Keys: keys,
    ConsistentRead: consistent,
  };
  for (let round = 0; request?.Keys?.length; round++) {
    if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
    if (round > 5) throw new Error('readCounters: shards unread after retries');
    const reply: BatchGetCommandOutput = await db().send(new BatchGetCommand({ RequestItems: { [T()]: request } }));
    items = items.concat(reply.Responses?.[T()] ?? []);
    request = reply.UnprocessedKeys?.[T()];
  }
  if (items.length !== activity.shards) throw new Error(`readCounters: ${items.length} of ${activity.shards} shards found`);
  return items
    .map((i) => ({ id: i.id as string, capacity: i.capacity as number, confirmed: (i.confirmed as number) ?? 0 }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The activity item alone: for a sharded one `confirmed` is not the total (sign-ups read the shards). */
export async function getActivityItem(id: string, consistent = false): Promise<ActivityRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: { id }, ConsistentRead: consistent }));
  return (Item as ActivityRecord | undefined) ?? null;
}

/** The activity; for a sharded one, `confirmed` is the sum over its shards. */
export async function getActivity(id: string, consistent = false): Promise<ActivityRecord | null> {
  const activity = await getActivityItem(id, consistent);
  if (!activity?.shards || activity.capacity === null) return activity;
  const counters = await readCounters(activity, consistent);
  return { ...activity, confirmed: counters.reduce((sum, c) => sum + c.confirmed, 0) };
}

export async function listActivitiesOfOrg(orgId: string): Promise<ActivityRecord[]> {
  const out: ActivityRecord[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const reply: QueryCommandOutput = await db().send(
      new QueryCommand({
        TableName: T(),
        IndexName: 'byOrg',
        KeyConditionExpression: 'orgId = :org',
        ExpressionAttributeValues: { ':org': orgId },
        ExclusiveStartKey: cursor,
      }),
    );
    out.push(...((reply.Items ?? []) as ActivityRecord[]));
    cursor = reply.LastEvaluatedKey;
  } while (cursor);
  return Promise.all(out.map(async (a) => (a.shards ? ((await getActivity(a.id)) ?? a) : a)));
}

/** Replaces the editable fields (not the org, not the capacity); false if there is no such activity. */
export async function updateActivity(id: string, edit: ActivityEdit): Promise<boolean> {
  const entries = Object.entries(edit).filter(([, v]) => v !== undefined);
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { id },
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(orgId)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * The transaction step that takes `places` on a counter, only while they fit under its capacity.
 * `capacity: null` (one place, counter not read): compares the item's own two attributes instead.
 */
export function takePlaces(counter: { id: string; capacity: number | null }, places: number) {
  if (counter.capacity === null) {
    if (places !== 1) throw new Error('an unread counter can only take one place');
    return {
      Update: {
        TableName: T(),
        Key: { id: counter.id },
        UpdateExpression: 'ADD confirmed :n',
        ConditionExpression: 'confirmed < #capacity',
        ExpressionAttributeNames: { '#capacity': 'capacity' }, // a reserved word
        ExpressionAttributeValues: { ':n': 1 },
      },
    };
  }
  return {
    Update: {
      TableName: T(),
      Key: { id: counter.id },
      UpdateExpression: 'ADD confirmed :n',
      // `#capacity = :cap`: a capacity changed since we read it makes this attempt fail, not overbook
      ConditionExpression: '#capacity = :cap AND (attribute_not_exists(confirmed) OR confirmed <= :limit)',
      ExpressionAttributeNames: { '#capacity': 'capacity' }, // a reserved word
      ExpressionAttributeValues: { ':n': places, ':cap': counter.capacity, ':limit': counter.capacity - places },
    },
  };
}

/**
 * The transaction step that gives places back to the counter they were taken from; with `refillAt`
 * (the counter is the activity item itself) it also marks the activity for the sweeper.
 */
export function returnPlaces(counterId: string, places: number, refillAt?: Date) {
  return {
    Update: {
      TableName: T(),
      Key: { id: counterId },
      UpdateExpression: `ADD confirmed :minus${refillAt ? ' SET refillBucket = :due, refillDueAt = :at' : ''}`,
      ExpressionAttributeValues: { ':minus': -places, ...(refillAt ? { ':due': 'due', ':at': refillAt.toISOString() } : {}) },
    },
  };
}

/**
 * Marks an activity for the sweeper: places went back to the pool, and someone may have joined
 * the waiting list in the same moment (the list is read from an index, which lags a little).
 */
export function refillStep(activityId: string, now: Date) {
  return {
    Update: {
      TableName: T(),
      Key: { id: activityId },
      UpdateExpression: 'SET refillBucket = :due, refillDueAt = :at, allFull = :false',
      ExpressionAttributeValues: { ':due': 'due', ':at': now.toISOString(), ':false': false },
    },
  };
}

/**
 * Sets or clears the all-shards-full hint. Set by a sign-up that found no room (and had not seen
 * the hint), so a full benefit gets a handful of these writes, not one per sign-up; and by the sweeper.
 */
export async function setAllFull(activityId: string, full: boolean, bySweeper = false): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { id: activityId },
        UpdateExpression: 'SET allFull = :full',
        // a sign-up never marks it full while a refill is pending (places came back and must reach
        // people first); the sweeper, which has just read every shard, may
        ...(full && !bySweeper ? { ConditionExpression: 'attribute_not_exists(refillBucket)' } : {}),
        ExpressionAttributeValues: { ':full': full },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** Activities marked for a refill at least `settleMs` ago (so sign-ups in flight have landed). */
export async function dueRefills(now: Date, settleMs: number): Promise<{ id: string; refillDueAt: string }[]> {
  const reply: QueryCommandOutput = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'refills',
      KeyConditionExpression: 'refillBucket = :due AND refillDueAt <= :before',
      ExpressionAttributeValues: { ':due': 'due', ':before': new Date(now.getTime() - settleMs).toISOString() },
    }),
  );
  return (reply.Items ?? []).map((i) => ({ id: i.id as string, refillDueAt: i.refillDueAt as string }));
}

/** Clears the mark unless another release marked it again meanwhile. */
export async function clearRefill(activityId: string, seen: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { id: activityId },
        UpdateExpression: 'REMOVE refillBucket, refillDueAt',
        ConditionExpression: 'refillDueAt = :seen',
        ExpressionAttributeValues: { ':seen': seen },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

export type CapacityChange = { ok: true } | { belowConfirmed: number } | { limitKind: true } | { busy: true };

/**
 * Changes the capacity, refusing one below the places already taken. A sharded activity keeps its
 * shards and gives each a new share no lower than what it holds. Whether there is a limit at all
 * is fixed at publishing (an unlimited activity keeps no counter to start from).
 */
export async function setCapacity(
  activity: ActivityRecord,
  capacity: number | null,
  now = new Date(),
  attempt = 0,
): Promise<CapacityChange> {
  if ((activity.capacity === null) !== (capacity === null)) return { limitKind: true };
  if (capacity === null) return { ok: true };
  const counters = await readCounters(activity, true);
  const taken = counters.reduce((sum, c) => sum + c.confirmed, 0);
  if (taken > capacity) return { belowConfirmed: taken };
  // each counter keeps what it holds; the free places are spread evenly on top
  const free = shares(capacity - taken, counters.length);
  // more places: people on the waiting list get offers from the sweeper
  const refill = capacity > (activity.capacity ?? 0) ? ', refillBucket = :due, refillDueAt = :at, allFull = :false' : '';
  const refillValues = refill ? { ':due': 'due', ':at': now.toISOString(), ':false': false } : {};
  const setOn = (id: string, cap: number, held?: number) => ({
    Update: {
      TableName: T(),
      Key: { id },
      UpdateExpression: `SET #capacity = :cap${id === activity.id ? refill : ''}`,
      ...(held === undefined ? {} : { ConditionExpression: 'confirmed = :held' }),
      ExpressionAttributeNames: { '#capacity': 'capacity' }, // a reserved word
      ExpressionAttributeValues: {
        ':cap': cap,
        ...(held === undefined ? {} : { ':held': held }),
        ...(id === activity.id ? refillValues : {}),
      },
    },
  });
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          ...counters.map((c, i) => setOn(c.id, c.confirmed + free[i]!, c.confirmed)),
          ...(activity.shards ? [setOn(activity.id, capacity)] : []),
        ],
      }),
    );
  } catch (error) {
    // a sign-up or cancel moved a counter meanwhile: try again with fresh numbers
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    if (attempt >= 5) return { busy: true };
    await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    return setCapacity((await getActivity(activity.id, true)) ?? activity, capacity, now, attempt + 1);
  }
  return { ok: true };
}
