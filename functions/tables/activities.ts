import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ActivityCategory, type ActivityEdit } from '../../shared/schemas/activity';
import { db, tableName } from '../lib/db';
import { failedConditions, isConditionFailed, isTransactionConflict, queryAll, recordOf } from '../lib/dynamo';

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

/**
 * The activity as stored. It describes what is in the table, not what is accepted: input rules
 * (trimming, lengths, refused characters) apply when an activity is published, and a rule tightened
 * later must not make an old item unreadable. Index attributes (refillBucket…) are dropped.
 */
export const ActivityRecord = z.object({
  id: z.string(),
  orgId: z.string(),
  title: z.string(),
  description: z.string(),
  category: ActivityCategory,
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  signupOpensAt: z.string(),
  signupClosesAt: z.string(),
  /** null = unlimited */
  capacity: z.number().int().nullable(),
  perMemberLimit: z.number().int(),
  eligibility: z.object({
    activeMember: z.boolean(),
    subtreeOnly: z.boolean(),
    newEmploymentOnly: z.boolean(),
    womenOnly: z.boolean(),
    children: z.object({ minAge: z.number().int(), maxAge: z.number().int() }).optional(),
  }),
  waitlist: z.boolean(),
  holdMinutes: z.number().int(),
  confirmed: z.number().int().default(0),
  createdAt: z.string(),
  createdBy: z.string(),
  shards: z.number().int().optional(),
  /** sharded only: a sign-up found every shard full (a hint; cleared when places come back) */
  allFull: z.boolean().optional(),
});
export type ActivityRecord = z.infer<typeof ActivityRecord>;

/** A counter shard item as stored (`<activityId>#s<k>`). */
const CounterRecord = z.object({ id: z.string(), capacity: z.number().int(), confirmed: z.number().int().default(0) });

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
  return items.map((i) => recordOf(CounterRecord, i)).sort((a, b) => a.id.localeCompare(b.id));
}

/** The activity item alone: for a sharded one `confirmed` is not the total (sign-ups read the shards). */
export async function getActivityItem(id: string, consistent = false): Promise<ActivityRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: { id }, ConsistentRead: consistent }));
  return Item ? recordOf(ActivityRecord, Item) : null;
}

/** The activity; for a sharded one, `confirmed` is the sum over its shards. */
export async function getActivity(id: string, consistent = false): Promise<ActivityRecord | null> {
  const activity = await getActivityItem(id, consistent);
  if (!activity?.shards || activity.capacity === null) return activity;
  const counters = await readCounters(activity, consistent);
  return { ...activity, confirmed: counters.reduce((sum, c) => sum + c.confirmed, 0) };
}

/** Several activity items by id in one round (BatchGetItem, 100 keys a request); missing ids are left out. */
export async function getActivityItems(ids: string[]): Promise<ActivityRecord[]> {
  const found: ActivityRecord[] = [];
  for (let start = 0; start < ids.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(start, start + 100).map((id) => ({ id }));
    for (let round = 0; keys?.length; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
      if (round > 5) throw new Error('getActivityItems: keys unread after retries');
      const reply: BatchGetCommandOutput = await db().send(new BatchGetCommand({ RequestItems: { [T()]: { Keys: keys } } }));
      found.push(...(reply.Responses?.[T()] ?? []).map((i) => recordOf(ActivityRecord, i)));
      keys = reply.UnprocessedKeys?.[T()]?.Keys;
    }
  }
  return found;
}

export async function listActivitiesOfOrg(orgId: string): Promise<ActivityRecord[]> {
  const items = await queryAll({
    TableName: T(),
    IndexName: 'byOrg',
    KeyConditionExpression: 'orgId = :org',
    ExpressionAttributeValues: { ':org': orgId },
  });
  const activities = items.map((i) => recordOf(ActivityRecord, i));
  return Promise.all(activities.map(async (a) => (a.shards ? ((await getActivity(a.id)) ?? a) : a)));
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
    if (isConditionFailed(error)) return false;
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

/** The refill mark alone (a sign-up that left a place it had counted on untaken). */
export async function markRefill(activityId: string, now: Date): Promise<void> {
  const { Update } = refillStep(activityId, now);
  await db().send(
    new UpdateCommand({
      ...Update,
      UpdateExpression: 'SET refillBucket = :due, refillDueAt = :at',
      ExpressionAttributeValues: { ':due': 'due', ':at': now.toISOString() },
    }),
  );
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
    if (!isConditionFailed(error)) throw error;
  }
}

const RefillMark = z.object({ id: z.string(), refillDueAt: z.string() });

/** Activities marked for a refill at least `settleMs` ago (so sign-ups in flight have landed). */
export async function dueRefills(now: Date, settleMs: number): Promise<{ id: string; refillDueAt: string }[]> {
  const items = await queryAll({
    TableName: T(),
    IndexName: 'refills',
    KeyConditionExpression: 'refillBucket = :due AND refillDueAt <= :before',
    ExpressionAttributeValues: { ':due': 'due', ':before': new Date(now.getTime() - settleMs).toISOString() },
  });
  return items.map((i) => recordOf(RefillMark, i));
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
    if (!isConditionFailed(error)) throw error;
  }
}

/**
 * One handover at a time per activity: the item `<activityId>#handover` (like a shard, it has no
 * orgId, so is never listed) holds a short lease. Cancels at the same moment would otherwise race
 * for the same people at the head of the waiting list; the holder passes on every pending cancel's
 * places, the others wait for theirs to be done. A lease left by a request that died runs out.
 */
const LEASE_MS = 10_000;
export async function takeHandoverLease(activityId: string, owner: string, now = Date.now()): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { id: `${activityId}#handover` },
        UpdateExpression: 'SET leaseOwner = :me, leaseUntil = :until',
        ConditionExpression: 'attribute_not_exists(leaseOwner) OR leaseUntil < :now',
        ExpressionAttributeValues: { ':me': owner, ':until': now + LEASE_MS, ':now': now },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

export async function dropHandoverLease(activityId: string, owner: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { id: `${activityId}#handover` },
        UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
        ConditionExpression: 'leaseOwner = :me',
        ExpressionAttributeValues: { ':me': owner },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error; // not ours any more: it ran out and someone took it
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
    if (!failedConditions(error) && !isTransactionConflict(error)) throw error;
    if (attempt >= 5) return { busy: true };
    await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    return setCapacity((await getActivity(activity.id, true)) ?? activity, capacity, now, attempt + 1);
  }
  return { ok: true };
}
