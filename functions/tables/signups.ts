import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { randomInt } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { SignupStatus } from '../../shared/schemas/activity';
import { db, tableName } from '../lib/db';
import { failedConditions, withConflictRetry } from '../lib/dynamo';
import { readCounters, refillStep, returnPlaces, setAllFull, shardId, takePlaces, type ActivityRecord } from './activities';

/**
 * signups table (activityId, memberId): one item per member and activity; a parent's children are
 * one group item with `places` = number of children, so they move through the list together.
 *   byStatus (activityStatus = <activityId>#<status>, queueKey): the waiting list in arrival order
 *   byMember (memberId, activityId): 我的报名
 *   holds (holdBucket = 'offered', holdExpiresAt): offers whose time is up, for the sweeper
 */
export interface SignupRecord {
  activityId: string;
  memberId: string;
  memberName: string;
  memberNo: string;
  /** last four digits of the phone, so staff can find someone at the door without a QR */
  phoneTail?: string;
  activityTitle: string;
  status: SignupStatus;
  places: number;
  children: { name: string; age: number }[];
  /**
   * `<arrival time>#<memberId>`: orders the waiting list without a shared sequence counter (which
   * would be one more hot item); unique, so positions are distinct
   */
  queueKey: string;
  /** the counter item holding this sign-up's places (the activity, or one of its shards) */
  counterId?: string;
  holdExpiresAt?: string;
  createdAt: string;
  registeredBy?: string;
  checkedInAt?: string;
  checkedInBy?: string;
}

const T = () => tableName('signups');
const key = (activityId: string, memberId: string) => ({ activityId, memberId });
const LIVE: SignupStatus[] = ['confirmed', 'waitlisted', 'offered'];
const PURGE_AFTER_S = 180 * 24 * 3600; // cancelled and expired sign-ups are deleted by TTL after 180 days

function item(s: SignupRecord): Record<string, unknown> {
  return { ...s, activityStatus: `${s.activityId}#${s.status}`, ...(s.status === 'offered' ? { holdBucket: 'offered' } : {}) };
}

function toRecord(i: Record<string, unknown>): SignupRecord {
  const { activityStatus: _a, holdBucket: _h, expiresAt: _e, ...s } = i;
  return s as unknown as SignupRecord;
}

export async function getSignup(activityId: string, memberId: string): Promise<SignupRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: key(activityId, memberId), ConsistentRead: true }));
  return Item ? toRecord(Item) : null;
}

export type SignupOutcome = { signup: SignupRecord; created: boolean } | { full: true };
export type SignupDraft = Omit<SignupRecord, 'status' | 'queueKey' | 'createdAt' | 'counterId'>;

/** The capacity a failed counter step actually saw, if it differs from what we assumed. */
function capacitySeen(error: unknown, index: number): number | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  const raw = error.CancellationReasons?.[index]?.Item?.capacity;
  return raw && 'N' in raw && raw.N !== undefined ? Number(raw.N) : null;
}

/**
 * Signs a member up. Confirmed places never exceed capacity: one transaction raises a counter (only
 * while `confirmed + places <= capacity` on that counter) and writes the sign-up (only if the member
 * has no live one). A sharded activity reads its counters once and tries those with room in random
 * order, so simultaneous sign-ups spread over them and late ones go straight to the waiting list.
 * Repeats and parallel duplicates return the first sign-up.
 */
// when this container last set an activity's all-full hint: once a second is plenty, while every
// late sign-up within the cache window would otherwise write it again
const hinted = new Map<string, number>();
async function hintAllFull(activityId: string): Promise<void> {
  const last = hinted.get(activityId) ?? 0;
  if (Date.now() - last < 1_000) return;
  hinted.set(activityId, Date.now());
  // only a hint: if it cannot be written (throttled), the sign-up still joins the list
  await setAllFull(activityId, true).catch(() => undefined);
}

export async function signUp(activity: ActivityRecord, draft: SignupDraft, now = new Date()): Promise<SignupOutcome> {
  // no read of an existing sign-up first: the put's condition finds repeats, and new sign-ups
  // (nearly all of them under load) save a request
  const base = { ...draft, queueKey: `${now.toISOString()}#${draft.memberId}`, createdAt: now.toISOString() };
  const notLive = {
    ConditionExpression: 'attribute_not_exists(memberId) OR #status IN (:cancelled, :expired)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':cancelled': 'cancelled', ':expired': 'expired' },
  };
  const duplicate = async () => ({ signup: (await getSignup(activity.id, draft.memberId))!, created: false });
  const putAlone = async (signup: SignupRecord): Promise<SignupOutcome> => {
    try {
      await db().send(new PutCommand({ TableName: T(), Item: item(signup), ...notLive }));
      return { signup, created: true };
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return duplicate();
      throw error;
    }
  };

  if (activity.capacity === null) return putAlone({ ...base, status: 'confirmed' });

  // Unsharded: the activity item is the counter, always tried (the caller's copy may be a moment
  // old, and a small activity's freed place should go to whoever asks for it now).
  // Sharded, one place: a random shard is tried without reading it; only when it is full are all
  // shards read (one batch) and those with room tried. Groups read first.
  // Sharded and marked all full: no read of the shards either (the hint is cleared with places
  // back). The hint is only trusted with a waiting list, where a place freed meanwhile still
  // reaches people (the sweeper's refill); without one a member would be told 名额已满 wrongly.
  const trustHints = activity.waitlist;
  const withRoom = async () => (await readCounters(activity, true)).filter((c) => c.capacity - c.confirmed >= draft.places);
  let candidates: { id: string; capacity: number | null }[] = activity.shards
    ? activity.allFull && trustHints
      ? []
      : draft.places === 1
        ? [{ id: shardId(activity.id, randomInt(activity.shards)), capacity: null }]
        : await withRoom()
    : [{ id: activity.id, capacity: activity.capacity }];
  while (candidates.length > 0) {
    const pick = Math.floor(Math.random() * candidates.length);
    const counter = candidates[pick]!;
    const signup: SignupRecord = { ...base, status: 'confirmed', counterId: counter.id };
    const outcome = await withConflictRetry(async () => {
      try {
        const take = takePlaces(counter, draft.places);
        await db().send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: { ...take.Update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
              { Put: { TableName: T(), Item: item(signup), ...notLive } },
            ],
          }),
        );
        return 'confirmed' as const;
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed) throw error; // a conflict: retried
        if (failed[1]) return 'duplicate' as const;
        // the capacity was changed since we read it: try this counter again with the new figure
        const seen = capacitySeen(error, 0);
        if (seen !== null && counter.capacity !== null && seen !== counter.capacity) return { capacity: seen };
        return 'full' as const;
      }
    });
    if (outcome === 'confirmed') return { signup, created: true };
    if (outcome === 'duplicate') return duplicate();
    if (outcome !== 'full') candidates[pick] = { ...counter, capacity: outcome.capacity };
    // a shard that had room when read filled up meanwhile: the others may have too, so read them
    // again (one batch) rather than try each in turn
    else if (activity.shards) candidates = await withRoom();
    else candidates = [];
  }

  if (activity.shards && !activity.allFull && draft.places === 1) await hintAllFull(activity.id);
  if (!activity.waitlist) return { full: true };
  return putAlone({ ...base, status: 'waitlisted' });
}

async function waitlistHead(activityId: string, limit: number): Promise<SignupRecord[]> {
  const reply: QueryCommandOutput = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'byStatus',
      KeyConditionExpression: 'activityStatus = :s',
      ExpressionAttributeValues: { ':s': `${activityId}#waitlisted` },
      Limit: limit,
    }),
  );
  return (reply.Items ?? []).map(toRecord);
}

/** 1-based place in the waiting list. */
export async function waitlistPosition(s: SignupRecord): Promise<number> {
  const reply = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'byStatus',
      KeyConditionExpression: 'activityStatus = :s AND queueKey < :mine',
      ExpressionAttributeValues: { ':s': `${s.activityId}#waitlisted`, ':mine': s.queueKey },
      Select: 'COUNT',
    }),
  );
  return (reply.Count ?? 0) + 1;
}

/** The transaction step that offers a waiting group the places held on `counterId`. */
function offerStep(p: SignupRecord, counterId: string, holdExpiresAt: string) {
  return {
    Update: {
      TableName: T(),
      Key: key(p.activityId, p.memberId),
      UpdateExpression: 'SET #status = :offered, activityStatus = :as, holdBucket = :bucket, holdExpiresAt = :until, counterId = :counter',
      ConditionExpression: '#status = :waitlisted',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':offered': 'offered',
        ':as': `${p.activityId}#offered`,
        ':bucket': 'offered',
        ':until': holdExpiresAt,
        ':waitlisted': 'waitlisted',
        ':counter': counterId,
      },
    },
  };
}

const holdUntil = (activity: ActivityRecord, now: Date) => new Date(now.getTime() + activity.holdMinutes * 60_000).toISOString();

/**
 * Ends a sign-up (cancelled by the member, or an offer that expired) and, in the same transaction,
 * offers the freed places to the head of the waiting list, whole groups only, in order; places
 * nobody can take go back to their counter, and the activity is marked for the sweeper's refill in
 * case someone joined the list at that very moment.
 */
export async function release(
  activity: ActivityRecord,
  memberId: string,
  to: 'cancelled' | 'expired',
  now = new Date(),
): Promise<SignupRecord | null> {
  // heads whose offer failed (someone else offered or cancelled them meanwhile): skipped on retry
  const skip = new Set<string>([memberId]);
  for (let attempt = 0; ; attempt++) {
    const outcome = await withConflictRetry(() => releaseOnce(activity, memberId, to, now, skip));
    if (outcome.done) return outcome.signup;
    // a condition failed: our sign-up or a head changed under us; read again (bounded)
    if (attempt >= 5) throw new Error('release: sign-ups kept changing; try again');
  }
}

async function releaseOnce(
  activity: ActivityRecord,
  memberId: string,
  to: 'cancelled' | 'expired',
  now: Date,
  skip: Set<string>,
): Promise<{ done: true; signup: SignupRecord | null } | { done: false }> {
  const s = await getSignup(activity.id, memberId);
  if (!s || !LIVE.includes(s.status)) return { done: true, signup: s };
  if (to === 'expired' && (s.status !== 'offered' || !s.holdExpiresAt || s.holdExpiresAt > now.toISOString()))
    return { done: true, signup: s };
  const end = {
    Update: {
      TableName: T(),
      Key: key(s.activityId, s.memberId),
      UpdateExpression: 'SET #status = :to, activityStatus = :as, expiresAt = :purge REMOVE holdBucket',
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': to,
        ':as': `${s.activityId}#${to}`,
        ':from': s.status,
        ':purge': Math.floor(now.getTime() / 1000) + PURGE_AFTER_S,
      },
    },
  };
  const steps: unknown[] = [end];
  const promote: SignupRecord[] = [];
  if (s.status !== 'waitlisted' && activity.capacity !== null) {
    const counterId = s.counterId ?? activity.id;
    let freed = s.places;
    // the index lags: it may still list the leaver, or a head someone else just offered
    for (const next of (await waitlistHead(activity.id, 10)).filter((h) => !skip.has(h.memberId))) {
      if (next.places > freed) break; // keep the order: a group that does not fit waits for more places
      promote.push(next);
      freed -= next.places;
    }
    const until = holdUntil(activity, now);
    steps.push(...promote.map((p) => offerStep(p, counterId, until)));
    if (freed > 0)
      steps.push(
        ...(counterId === activity.id
          ? [returnPlaces(counterId, freed, now)]
          : [returnPlaces(counterId, freed), refillStep(activity.id, now)]),
      );
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: steps as never }));
    return { done: true, signup: { ...s, status: to } };
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error; // a conflict: retried by the caller
    failed.slice(1, 1 + promote.length).forEach((f, i) => f && skip.add(promote[i]!.memberId));
    return { done: false };
  }
}

/**
 * The sweeper's repair: offers free places to the head of the waiting list, whole groups in order,
 * each from a counter with room. Returns how many groups were offered, and whether the activity is
 * settled (no room left, or nobody waiting).
 */
export async function refill(activity: ActivityRecord, now = new Date()): Promise<{ offered: number; settled: boolean }> {
  if (activity.capacity === null) return { offered: 0, settled: true };
  const counters = await readCounters(activity, true);
  let offered = 0;
  let settled: boolean | null = null;
  for (const next of await waitlistHead(activity.id, 25)) {
    const counter = counters.find((c) => c.capacity - c.confirmed >= next.places);
    if (!counter) {
      settled = true;
      break;
    }
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [takePlaces(counter, next.places), offerStep(next, counter.id, holdUntil(activity, now))],
        }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      settled = false; // moved meanwhile: next round
      break;
    }
    counter.confirmed += next.places;
    offered++;
  }
  const room = counters.some((c) => c.confirmed < c.capacity);
  // the all-full hint may have been set by a sign-up that read the shards just before places came back
  if (activity.shards) await setAllFull(activity.id, !room, true);
  if (settled === null) settled = !room || (await waitlistHead(activity.id, 1)).length === 0;
  return { offered, settled };
}

/** The member takes the offered place before the hold runs out. */
export async function confirmOffer(activityId: string, memberId: string, now = new Date()): Promise<SignupRecord | null> {
  try {
    const reply = await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: key(activityId, memberId),
        UpdateExpression: 'SET #status = :confirmed, activityStatus = :as REMOVE holdBucket, holdExpiresAt',
        ConditionExpression: '#status = :offered AND holdExpiresAt > :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':confirmed': 'confirmed',
          ':as': `${activityId}#confirmed`,
          ':offered': 'offered',
          ':now': now.toISOString(),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRecord(reply.Attributes!);
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return null;
    throw error;
  }
}

/** Offers whose hold has run out (for the scheduled sweeper). */
export async function expiredOffers(now = new Date()): Promise<SignupRecord[]> {
  const reply: QueryCommandOutput = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'holds',
      KeyConditionExpression: 'holdBucket = :b AND holdExpiresAt < :now',
      ExpressionAttributeValues: { ':b': 'offered', ':now': now.toISOString() },
    }),
  );
  return (reply.Items ?? []).map(toRecord);
}

export async function listSignupsOfActivity(activityId: string): Promise<SignupRecord[]> {
  const out: SignupRecord[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const reply: QueryCommandOutput = await db().send(
      new QueryCommand({
        TableName: T(),
        KeyConditionExpression: 'activityId = :a',
        ExpressionAttributeValues: { ':a': activityId },
        ExclusiveStartKey: cursor,
      }),
    );
    out.push(...(reply.Items ?? []).map(toRecord));
    cursor = reply.LastEvaluatedKey;
  } while (cursor);
  return out;
}

export async function listSignupsOfMember(memberId: string): Promise<SignupRecord[]> {
  const reply: QueryCommandOutput = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'byMember',
      KeyConditionExpression: 'memberId = :m',
      ExpressionAttributeValues: { ':m': memberId },
    }),
  );
  return (reply.Items ?? []).map(toRecord);
}

export type CheckInOutcome = { done: SignupRecord } | { already: SignupRecord } | { notLive: SignupRecord } | { missing: true };

/** Checks a confirmed sign-up in once; a second scan reports who checked it in and when. */
export async function checkIn(activityId: string, memberId: string, by: string, now = new Date()): Promise<CheckInOutcome> {
  try {
    const reply = await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: key(activityId, memberId),
        UpdateExpression: 'SET checkedInAt = :at, checkedInBy = :by',
        ConditionExpression: '#status = :confirmed AND attribute_not_exists(checkedInAt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':at': now.toISOString(), ':by': by, ':confirmed': 'confirmed' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { done: toRecord(reply.Attributes!) };
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const s = await getSignup(activityId, memberId);
    if (!s) return { missing: true };
    if (s.checkedInAt) return { already: s };
    return { notLive: s };
  }
}
