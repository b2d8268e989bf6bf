import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { SignupStatus } from '../../shared/schemas/activity';
import { db, tableName } from '../lib/db';
import { failedConditions, withConflictRetry } from '../lib/retry';
import { nextSignupSeq, type ActivityRecord } from './activities';

/**
 * signups table (activityId, memberId): one item per member and activity; a parent's children are
 * one group item with `places` = number of children, so they move through the list together.
 *   byStatus (activityStatus = <activityId>#<status>, seq): the waiting list in order
 *   byMember (memberId, activityId): 我的报名
 *   holds (holdBucket = 'offered', holdExpiresAt): offers whose time is up, for the sweeper
 */
export interface SignupRecord {
  activityId: string;
  memberId: string;
  memberName: string;
  memberNo: string;
  activityTitle: string;
  status: SignupStatus;
  places: number;
  children: { name: string; age: number }[];
  seq: number;
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

/**
 * Signs a member up. Confirmed places never exceed capacity: one transaction raises the counter
 * (only while `confirmed + places <= capacity`) and writes the sign-up (only if the member has no
 * live one). When full, the member joins the waiting list at the next sequence number.
 * Repeats and parallel duplicates return the first sign-up.
 */
export async function signUp(activity: ActivityRecord, draft: Omit<SignupRecord, 'status' | 'seq'>, now = new Date()): Promise<SignupOutcome> {
  const existing = await getSignup(activity.id, draft.memberId);
  if (existing && LIVE.includes(existing.status)) return { signup: existing, created: false };
  const seq = await withConflictRetry(() => nextSignupSeq(activity.id));
  const notLive = 'attribute_not_exists(memberId) OR #status IN (:cancelled, :expired)';
  const names = { '#status': 'status' };
  const dead = { ':cancelled': 'cancelled', ':expired': 'expired' };

  const putAs = async (status: SignupStatus) => {
    const signup: SignupRecord = { ...draft, status, seq, createdAt: now.toISOString() };
    const put = { Put: { TableName: T(), Item: item(signup), ConditionExpression: notLive, ExpressionAttributeNames: names, ExpressionAttributeValues: dead } };
    if (status === 'confirmed' && activity.capacity !== null) {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName('activities'),
                Key: { id: activity.id },
                UpdateExpression: 'ADD confirmed :n',
                ConditionExpression: '#capacity = :cap AND (attribute_not_exists(confirmed) OR confirmed <= :limit)',
                ExpressionAttributeNames: { '#capacity': 'capacity' }, // a reserved word
                ExpressionAttributeValues: { ':n': draft.places, ':cap': activity.capacity, ':limit': activity.capacity - draft.places },
              },
            },
            put,
          ],
        }),
      );
    } else {
      await db().send(new TransactWriteCommand({ TransactItems: [put] }));
    }
    return signup;
  };

  return withConflictRetry(async () => {
    try {
      return { signup: await putAs('confirmed'), created: true };
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error; // a conflict: retried
      const full = activity.capacity !== null && failed[0];
      const duplicate = failed[activity.capacity !== null ? 1 : 0];
      if (duplicate) return { signup: (await getSignup(activity.id, draft.memberId))!, created: false };
      if (!full) throw error;
    }
    if (!activity.waitlist) return { full: true };
    try {
      return { signup: await putAs('waitlisted'), created: true };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[0]) return { signup: (await getSignup(activity.id, draft.memberId))!, created: false };
      throw error;
    }
  });
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
      KeyConditionExpression: 'activityStatus = :s AND seq < :seq',
      ExpressionAttributeValues: { ':s': `${s.activityId}#waitlisted`, ':seq': s.seq },
      Select: 'COUNT',
    }),
  );
  return (reply.Count ?? 0) + 1;
}

/**
 * Ends a sign-up (cancelled by the member, or an offer that expired) and, in the same transaction,
 * offers the freed places to the head of the waiting list, whole groups only, in order; places
 * nobody can take go back to the pool.
 */
export async function release(activity: ActivityRecord, memberId: string, to: 'cancelled' | 'expired', now = new Date()): Promise<SignupRecord | null> {
  return withConflictRetry(async () => {
    const s = await getSignup(activity.id, memberId);
    if (!s || !LIVE.includes(s.status)) return s;
    if (to === 'expired' && (s.status !== 'offered' || !s.holdExpiresAt || s.holdExpiresAt > now.toISOString())) return s;
    const end = {
      Update: {
        TableName: T(),
        Key: key(s.activityId, s.memberId),
        UpdateExpression: 'SET #status = :to, activityStatus = :as, expiresAt = :purge REMOVE holdBucket',
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':as': `${s.activityId}#${to}`, ':from': s.status, ':purge': Math.floor(now.getTime() / 1000) + PURGE_AFTER_S },
      },
    };
    if (s.status === 'waitlisted' || activity.capacity === null) {
      await db().send(new TransactWriteCommand({ TransactItems: [end] }));
      return { ...s, status: to };
    }
    let freed = s.places;
    const promote: SignupRecord[] = [];
    for (const next of await waitlistHead(activity.id, 10)) {
      if (next.places > freed) break; // keep the order: a group that does not fit waits for more places
      promote.push(next);
      freed -= next.places;
    }
    const holdExpiresAt = new Date(now.getTime() + activity.holdMinutes * 60_000).toISOString();
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          end,
          ...promote.map((p) => ({
            Update: {
              TableName: T(),
              Key: key(p.activityId, p.memberId),
              UpdateExpression: 'SET #status = :offered, activityStatus = :as, holdBucket = :bucket, holdExpiresAt = :until',
              ConditionExpression: '#status = :waitlisted',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':offered': 'offered', ':as': `${p.activityId}#offered`, ':bucket': 'offered', ':until': holdExpiresAt, ':waitlisted': 'waitlisted' },
            },
          })),
          ...(freed > 0
            ? [{ Update: { TableName: tableName('activities'), Key: { id: activity.id }, UpdateExpression: 'ADD confirmed :minus', ExpressionAttributeValues: { ':minus': -freed } } }]
            : []),
        ],
      }),
    );
    return { ...s, status: to };
  });
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
        ExpressionAttributeValues: { ':confirmed': 'confirmed', ':as': `${activityId}#confirmed`, ':offered': 'offered', ':now': now.toISOString() },
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
    const reply: QueryCommandOutput = await db().send(new QueryCommand({ TableName: T(), KeyConditionExpression: 'activityId = :a', ExpressionAttributeValues: { ':a': activityId }, ExclusiveStartKey: cursor }));
    out.push(...(reply.Items ?? []).map(toRecord));
    cursor = reply.LastEvaluatedKey;
  } while (cursor);
  return out;
}

export async function listSignupsOfMember(memberId: string): Promise<SignupRecord[]> {
  const reply: QueryCommandOutput = await db().send(
    new QueryCommand({ TableName: T(), IndexName: 'byMember', KeyConditionExpression: 'memberId = :m', ExpressionAttributeValues: { ':m': memberId } }),
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
