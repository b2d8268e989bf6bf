import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ActivityCategory, type ActivityEdit } from '../../shared/schemas/activity';
import { db, tableName } from '../lib/db';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { conflict, DomainError } from '../lib/errors';
import { failedConditions, isConditionFailed, isTransactionConflict, queryAll, queryPage, recordOf, type Item } from '../lib/dynamo';
import { queryScopePage, scopeAttributes, scopeUpdate, withoutScope, type Scoped } from '../lib/scope-keys';
import { reminderAttributes, rescheduleUpdate } from './activity-reminders';
import { getOrg } from './orgs';

/**
 * activities table, keyed by id:
 *   <activityId>        the activity; for most activities also its capacity counter `confirmed`
 *                       (places held by confirmed sign-ups and open offers)
 *   <activityId>#s<k>   city-wide benefits (≥ SHARD_FROM_CAPACITY places): the counter is split over
 *                       `shards` items, each with its own share of the capacity, so no single item
 *                       takes every sign-up (DynamoDB allows about 1,000 writes/s per item)
 *   reminders (remindBucket, remindAt): activities with a reminder ahead, for the reminder job
 *                       (activity-reminders.ts)
 *   byOrg (orgId, startsAt): an org's activities (shard items have no orgId, so are not listed)
 *   refills (refillBucket, refillDueAt): activities where places went back to the pool while
 *                       people may be waiting; the sweeper offers them on (see docs/signups.md)
 *   byScope0…4 (scope<d> = "<ancestor>#activity", listKey = "<endsAt>#<id>"): the staff list of a
 *                       subtree, not ended soonest first / ended latest first (lib/scope-keys.ts)
 *   byAudience (audience, listKey): the worker's list (docs/org-scale.md): 'open' for activities a
 *                       non-member may sign up for and the city union's member-only ones
 *                       (`membersOnly`); '<districtId>' for a district union's member-only ones;
 *                       '<streetId>' for member-only ones of a street or any union below it, with
 *                       `audienceOrg` = the publisher
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
  /** the start time the reminders are scheduled for (activity-reminders.ts); absent on old items */
  remindFor: z.string().optional(),
  /** the outreach event (沟通会) it is part of: sign-ups and check-ins count on the event too */
  eventId: z.string().optional(),
  /** 'draw': places allocated by a draw at the close (tables/draws.ts); absent = first come */
  allocation: z.enum(['first-come', 'draw']).optional(),
  /** draws: members who missed `missed` of their last `of` won places cannot enter */
  noShow: z.object({ missed: z.number().int(), of: z.number().int() }).optional(),
  /** draws: the commitment (SHA-256 of the seed, hex; the seed is in the draws table), and once drawn when, how many and the result */
  draw: z
    .object({
      commitment: z.string(),
      drawnAt: z.string().optional(),
      applicants: z.number().int().optional(),
      won: z.number().int().optional(),
      placesWon: z.number().int().optional(),
      waitlisted: z.number().int().optional(),
    })
    .optional(),
  /** plans (互助保障) only: what a claim may be for and what to bring (tables/claims.ts, docs/claims-and-draws.md) */
  claimRules: z
    .object({
      deadlineDays: z.number().int(),
      events: z.array(
        z.object({
          code: z.string(),
          label: z.string(),
          items: z.array(
            z.object({
              code: z.string(),
              label: z.string(),
              hint: z.string().optional(),
              required: z.boolean(),
              maxPages: z.number().int(),
            }),
          ),
        }),
      ),
    })
    .optional(),
});
export type ActivityRecord = z.infer<typeof ActivityRecord>;

/** Org paths this container read a moment ago: sign-ups count on them (activityStatsPath). */
const pathCache = new Map<string, { at: number; path: Promise<readonly string[]> }>();
const PATH_CACHE_MS = 60_000;

/**
 * Where an activity's sign-ups and check-ins are counted in the stats table (family `activities`,
 * docs/outreach.md): its org's path (read once a minute per container, not per sign-up) and, when
 * the activity names an outreach event, the event below it. An org not found (gone) counts on itself.
 */
export async function activityStatsPath(activity: Pick<ActivityRecord, 'orgId' | 'eventId'>, now = Date.now()): Promise<string[]> {
  let hit = pathCache.get(activity.orgId);
  if (!hit || now - hit.at >= PATH_CACHE_MS) {
    if (pathCache.size > 500) pathCache.clear();
    hit = { at: now, path: getOrg(activity.orgId).then((org) => org?.path ?? [activity.orgId]) };
    hit.path.catch(() => pathCache.delete(activity.orgId));
    pathCache.set(activity.orgId, hit);
  }
  const path = await hit.path;
  return activity.eventId ? [...path, activity.eventId] : [...path];
}

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

/** The staff list every activity is in (scope keys), and its sort key: by end, so "not ended" is a key range. */
export const ACTIVITY_LIST = 'activity';
export const activityListKey = (a: Pick<ActivityRecord, 'endsAt' | 'id'>) => `${a.endsAt}#${a.id}`;

type Audience = { audience: string; membersOnly?: true; audienceOrg?: string };

/**
 * Where the worker's list finds an activity of the org with this path. Open = a non-member can sign
 * up (no member rule; subtreeOnly also needs a membership). Member-only ones are filed under the
 * district or street of their publisher, so a member reads ≤ 3 partitions (docs/org-scale.md).
 */
export function audienceOf(a: Pick<ActivityRecord, 'eligibility'>, path: readonly string[]): Audience {
  const membersOnly = a.eligibility.activeMember || a.eligibility.subtreeOnly;
  if (!membersOnly) return { audience: 'open' };
  if (path.length === 1) return { audience: 'open', membersOnly: true };
  if (path.length === 2) return { audience: path[1]! };
  return { audience: path[2]!, audienceOrg: path[path.length - 1]! };
}

/** Scope keys and audience of an activity of the org with `path`, for a Put. */
function listAttributes(a: ActivityRecord, path: readonly string[]): Item {
  return { ...scopeAttributes(path, ACTIVITY_LIST, activityListKey(a)), ...audienceOf(a, path) };
}

/** The same as an update: SET of scope and audience, REMOVE of what no longer applies. */
function listUpdate(a: Pick<ActivityRecord, 'eligibility' | 'endsAt' | 'id'>, path: readonly string[]) {
  const scope = scopeUpdate(path, ACTIVITY_LIST, activityListKey(a));
  const audience = audienceOf(a, path);
  const set = [scope.set, 'audience = :audience'];
  const values: Item = { ...scope.values, ':audience': audience.audience };
  if (audience.membersOnly) {
    set.push('membersOnly = :membersOnly');
    values[':membersOnly'] = true;
  }
  if (audience.audienceOrg) {
    set.push('audienceOrg = :audienceOrg');
    values[':audienceOrg'] = audience.audienceOrg;
  }
  const remove = [scope.remove, audience.membersOnly ? '' : 'membersOnly', audience.audienceOrg ? '' : 'audienceOrg'].filter(Boolean);
  return { set: set.join(', '), remove: remove.join(', '), values };
}

/** Index attributes of the list stripped, the rest parsed as an activity. */
const toActivity = (item: Item): ActivityRecord => {
  const { audience: _a, membersOnly: _m, audienceOrg: _o, ...rest } = withoutScope(item);
  return recordOf(ActivityRecord, rest);
};

/** Publishes an activity of the org with `orgPath` (its path from the city down, itself last). */
export async function putActivity(activity: ActivityRecord, orgPath: readonly string[]): Promise<void> {
  const counters = activity.shards && activity.capacity !== null ? shares(activity.capacity, activity.shards) : [];
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: T(),
            Item: { ...activity, confirmed: 0, ...listAttributes(activity, orgPath), ...reminderAttributes(activity.startsAt, new Date()) },
            ConditionExpression: 'attribute_not_exists(id)',
          },
        },
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

/**
 * Replaces the editable fields (not the org, not the capacity) and with them the list keys (the end
 * time and the rules decide where the activity is listed); false if there is no such activity.
 * A new start time (or an activity whose reminders were never scheduled) schedules the reminders
 * afresh; an edit that keeps the time leaves them as they are, so nothing is sent twice.
 */
export async function updateActivity(id: string, edit: ActivityEdit, orgPath: readonly string[], now = new Date()): Promise<boolean> {
  const entries = Object.entries(edit).filter(([, v]) => v !== undefined && v !== null);
  // a field sent as null is removed (a draw's no-show rule)
  const cleared = Object.entries(edit)
    .filter(([, v]) => v === null)
    .map(([k]) => k);
  const lists = listUpdate({ id, endsAt: edit.endsAt, eligibility: edit.eligibility }, orgPath);
  // an edit of the time racing this one changes remindFor, and this one decides again; several
  // editors at once (or a double tap with two times) settle within a few tries, else a 409
  for (let attempt = 0; ; attempt++) {
    const current = await getActivityItem(id, true);
    if (!current) return false;
    const reminders = current.remindFor === edit.startsAt ? null : rescheduleUpdate(edit.startsAt, now);
    const set = [...entries.map((_, i) => `#f${i} = :v${i}`), lists.set, reminders?.set].filter(Boolean).join(', ');
    const remove = [lists.remove, reminders?.remove, ...cleared.map((_, i) => `#c${i}`)].filter(Boolean).join(', ');
    try {
      await db().send(
        new UpdateCommand({
          TableName: T(),
          Key: { id },
          UpdateExpression: `SET ${set}${remove ? ` REMOVE ${remove}` : ''}`,
          ConditionExpression: `attribute_exists(orgId) AND ${current.remindFor === undefined ? 'attribute_not_exists(remindFor)' : 'remindFor = :was'}`,
          ExpressionAttributeNames: {
            ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
            ...Object.fromEntries(cleared.map((k, i) => [`#c${i}`, k])),
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
            ...lists.values,
            ...reminders?.values,
            ...(current.remindFor === undefined ? {} : { ':was': current.remindFor }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      if (attempt === 4) throw conflict('活动正被同时修改，请刷新后再试');
    }
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

/**
 * An org's activities that have not ended, from its newest `atMost` by start
 * time: one Query reading ≤ atMost items. An unfinished activity older than the org's newest
 * `atMost` would have to outlast all of them; that is the accepted bound (docs/org-scale.md).
 */
export async function unfinishedActivitiesOfOrg(orgId: string, now: Date, atMost: number): Promise<ActivityRecord[]> {
  const page = await queryPage({
    TableName: T(),
    IndexName: 'byOrg',
    KeyConditionExpression: 'orgId = :org',
    ExpressionAttributeValues: { ':org': orgId },
    ScanIndexForward: false,
    Limit: atMost,
  });
  const at = now.toISOString();
  return page.items.filter((i) => typeof i.endsAt === 'string' && i.endsAt > at).map(toActivity);
}

/**
 * Gives an activity to another org (its org closed), listed from then on for the new org's
 * ancestors; false if it no longer belongs to `fromOrgId`.
 */
export async function reassignActivity(activity: ActivityRecord, fromOrgId: string, to: Scoped): Promise<boolean> {
  const list = listUpdate(activity, to.path);
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { id: activity.id },
        UpdateExpression: `SET orgId = :to, ${list.set}${list.remove ? ` REMOVE ${list.remove}` : ''}`,
        ConditionExpression: 'orgId = :from',
        ExpressionAttributeValues: { ...list.values, ':to': to.id, ':from': fromOrgId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

// ---- lists at any scale (docs/org-scale.md) -----------------------------------------------------

const badCursor = () => new DomainError('bad_request', undefined, { cursor: ['翻页标记无效，请从第一页重新加载'] });

/** Activities as listed: sharded ones with the places taken over all their shards. */
/**
 * A list page's activities with their totals: the shards of every city-wide benefit on the page are
 * read together (BatchGetItem, 100 keys a request), not an activity GetItem plus a BatchGet each.
 */
async function withTotals(items: Item[]): Promise<ActivityRecord[]> {
  const activities = items.map(toActivity);
  const sharded = activities.filter((a) => a.shards && a.capacity !== null);
  if (sharded.length === 0) return activities;
  const keys = sharded.flatMap((a) => Array.from({ length: a.shards! }, (_, k) => ({ id: shardId(a.id, k) })));
  const counters: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100);
    for (let round = 0; pending?.length; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
      if (round > 5) throw new Error('withTotals: shards unread after retries');
      const reply: BatchGetCommandOutput = await db().send(new BatchGetCommand({ RequestItems: { [T()]: { Keys: pending } } }));
      counters.push(...(reply.Responses?.[T()] ?? []));
      pending = reply.UnprocessedKeys?.[T()]?.Keys;
    }
  }
  const totals = new Map<string, number>();
  for (const counter of counters.map((c) => recordOf(CounterRecord, c))) {
    const activityId = counter.id.slice(0, counter.id.lastIndexOf('#s'));
    totals.set(activityId, (totals.get(activityId) ?? 0) + counter.confirmed);
  }
  return activities.map((a) => (totals.has(a.id) ? { ...a, confirmed: totals.get(a.id)! } : a));
}

/** Where a staff list stands: the moment it splits at (fixed on the first page), the part, the position in it. */
const StaffCursor = z.strictObject({ at: z.iso.datetime(), ended: z.boolean(), key: z.string().max(2000).optional() });
const ScopeKey = z.looseObject({ listKey: z.string() });

/**
 * A page of the activities of an org's subtree for staff: those not ended first, ending soonest
 * first, then the ended ones, latest first. One Query a page; two on the page that crosses over.
 */
export async function staffActivitiesPage(
  org: Scoped,
  limit: number,
  cursor: string | undefined,
  now: Date,
): Promise<{ activities: ActivityRecord[]; nextCursor?: string }> {
  let position = decodeCursor(cursor, StaffCursor) ?? { at: now.toISOString(), ended: false };
  if (position.key) {
    // a position outside its part's key range would make DynamoDB refuse the Query
    const { listKey } = decodeCursor(position.key, ScopeKey)!;
    if (position.ended ? listKey >= position.at : listKey < position.at) throw badCursor();
  }
  const items: Item[] = [];
  let next: typeof position | undefined = position;
  if (!position.ended) {
    const page = await queryScopePage({
      table: 'activities',
      org,
      list: ACTIVITY_LIST,
      limit,
      cursor: position.key,
      ascending: true,
      range: { op: '>=', value: position.at },
    });
    items.push(...page.items);
    next = position = page.nextCursor ? { ...position, key: page.nextCursor } : { at: position.at, ended: true };
  }
  if (position.ended && items.length < limit) {
    const page = await queryScopePage({
      table: 'activities',
      org,
      list: ACTIVITY_LIST,
      limit: limit - items.length,
      cursor: position.key,
      range: { op: '<', value: position.at },
    });
    items.push(...page.items);
    next = page.nextCursor ? { ...position, key: page.nextCursor } : undefined;
  }
  return { activities: await withTotals(items), nextCursor: next ? encodeCursor(next) : undefined };
}

/** A position in one audience partition (the index key of the last item read); 'done' when read to the end. */
const StreamKey = z.strictObject({ id: z.string().max(200), audience: z.string().max(200), listKey: z.string().max(300) });
const StreamPosition = z.union([z.literal('done'), StreamKey]).optional();
const AudienceCursor = z.strictObject({ at: z.iso.datetime(), open: StreamPosition, district: StreamPosition, street: StreamPosition });
type StreamName = 'open' | 'district' | 'street';
type StreamKey = z.infer<typeof StreamKey>;

interface Stream {
  name: StreamName;
  audience: string;
  filter?: { expression: string; values: Item };
}

/**
 * The partitions a worker's list reads: open activities (for a non-member without the city's
 * member-only ones); for a member also their district's and street's member-only ones, the
 * street's filtered to the unions of the member's own chain (a street holds tens of unions).
 */
function streamsFor(memberPath: readonly string[] | null): Stream[] {
  if (!memberPath) return [{ name: 'open', audience: 'open', filter: { expression: 'attribute_not_exists(membersOnly)', values: {} } }];
  const streams: Stream[] = [{ name: 'open', audience: 'open' }];
  if (memberPath.length >= 2) streams.push({ name: 'district', audience: memberPath[1]! });
  if (memberPath.length >= 3) {
    const chain = memberPath.slice(2);
    streams.push({
      name: 'street',
      audience: memberPath[2]!,
      filter: {
        expression: `audienceOrg IN (${chain.map((_, i) => `:org${i}`).join(', ')})`,
        values: Object.fromEntries(chain.map((id, i) => [`:org${i}`, id])),
      },
    });
  }
  return streams;
}

const streamKeyOf = (item: Item): StreamKey => ({ id: String(item.id), audience: String(item.audience), listKey: String(item.listKey) });

/**
 * A page of the worker's activity list: what has not ended, ending soonest first. ≤ 3 Queries
 * (one per partition, each from its own position), merged by end time; an item is taken only up to
 * the point every partition with more to read has reached, so later pages never go back in time.
 * `memberPath`: the path of the member's union; null for a non-member.
 */
export async function audiencePage(
  memberPath: readonly string[] | null,
  limit: number,
  cursor: string | undefined,
  now: Date,
): Promise<{ activities: ActivityRecord[]; nextCursor?: string; scanned: number }> {
  const position = decodeCursor(cursor, AudienceCursor) ?? { at: now.toISOString() };
  const streams = streamsFor(memberPath);
  // a cursor of another person's list, or of partitions this person does not read
  for (const name of ['open', 'district', 'street'] as const) {
    const at = position[name];
    const stream = streams.find((s) => s.name === name);
    if (at === undefined || at === 'done') continue;
    if (!stream || at.audience !== stream.audience || at.listKey < position.at) throw badCursor();
  }
  const read = await Promise.all(
    streams
      .filter((s) => position[s.name] !== 'done')
      .map(async (s) => {
        const start = position[s.name];
        const reply = await queryPage(
          {
            TableName: T(),
            IndexName: 'byAudience',
            KeyConditionExpression: 'audience = :audience AND listKey >= :at',
            ExpressionAttributeValues: { ':audience': s.audience, ':at': position.at, ...s.filter?.values },
            ...(s.filter ? { FilterExpression: s.filter.expression } : {}),
            ScanIndexForward: true,
            // the partitions share the page: items read stay about one page, however many there are
            // (the merge below takes only what every partition with more has reached)
            Limit: Math.ceil(limit / streams.length),
          },
          start && start !== 'done' ? start : undefined,
        );
        return { stream: s, ...reply };
      }),
  );
  // nothing beyond what every partition with more to read has reached may be taken yet
  const reached = read.filter((r) => r.nextKey).map((r) => String(r.nextKey!.listKey));
  const bound = reached.length ? reached.sort()[0]! : undefined;
  const merged = read
    .flatMap((r) => r.items.map((item) => ({ item, stream: r.stream.name })))
    .filter(({ item }) => bound === undefined || String(item.listKey) <= bound)
    .sort((a, b) => String(a.item.listKey).localeCompare(String(b.item.listKey)))
    .slice(0, limit);
  const next: z.infer<typeof AudienceCursor> = { at: position.at };
  for (const name of ['open', 'district', 'street'] as const) next[name] = position[name];
  for (const r of read) {
    const taken = merged.filter((m) => m.stream === r.stream.name);
    if (taken.length === r.items.length) next[r.stream.name] = r.nextKey ? streamKeyOf(r.nextKey) : 'done';
    else if (taken.length > 0) next[r.stream.name] = streamKeyOf(taken[taken.length - 1]!.item);
  }
  const more = streams.some((s) => next[s.name] !== 'done');
  return {
    activities: await withTotals(merged.map((m) => m.item)),
    nextCursor: more ? encodeCursor(next) : undefined,
    scanned: read.reduce((sum, r) => sum + r.scanned, 0),
  };
}

/**
 * After an org moved (org admin): rewrites the list keys of one page (≤ 100) of its activities
 * from its new path. Idempotent; call again with `nextCursor` until there is none.
 */
export async function rescopeActivitiesOfOrg(
  orgId: string,
  newPath: string[],
  cursor?: string,
): Promise<{ done: number; nextCursor?: string }> {
  const page = await queryPage(
    {
      TableName: T(),
      IndexName: 'byOrg',
      KeyConditionExpression: 'orgId = :org',
      ExpressionAttributeValues: { ':org': orgId },
      Limit: 100,
    },
    decodeCursor(cursor, z.record(z.string().max(64), z.string().max(1024))),
  );
  let done = 0;
  for (const item of page.items) {
    const activity = toActivity(item);
    const lists = listUpdate(activity, newPath);
    try {
      await db().send(
        new UpdateCommand({
          TableName: T(),
          Key: { id: activity.id },
          UpdateExpression: `SET ${lists.set}${lists.remove ? ` REMOVE ${lists.remove}` : ''}`,
          ConditionExpression: 'orgId = :org',
          ExpressionAttributeValues: { ...lists.values, ':org': orgId },
        }),
      );
      done++;
    } catch (error) {
      if (!isConditionFailed(error)) throw error; // given to another org meanwhile: its own move rewrites it
    }
  }
  return { done, nextCursor: page.nextKey ? encodeCursor(page.nextKey) : undefined };
}
