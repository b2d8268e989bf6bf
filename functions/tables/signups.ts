import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomInt, randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { SignupStatus } from '../../shared/schemas/activity';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { db, tableName } from '../lib/db';
import {
  failedConditions,
  isConditionFailed,
  isTransactionConflict,
  queryAll,
  queryPage,
  recordOf,
  withConflictRetry,
} from '../lib/dynamo';
import { createLogger } from '../lib/log';
import { conflict } from '../lib/errors';
import { offerMade } from '../messages/events';
import { applicantsStep } from './draws';
import { eventStep } from './inbox';
import { statsSteps } from './stats';
import {
  activityStatsPath,
  dropHandoverLease,
  markRefill,
  readCounters,
  refillStep,
  returnPlaces,
  setAllFull,
  shardId,
  takeHandoverLease,
  takePlaces,
  type ActivityRecord,
} from './activities';

/**
 * signups table (activityId, memberId): one item per member and activity; a parent's children are
 * one group item with `places` = number of children, so they move through the list together.
 *   byStatus (activityStatus = <activityId>#<status>, queueKey): the waiting list in arrival order
 *   byMember (memberId, activityId): 我的报名
 *   holds (holdBucket, holdExpiresAt): 'offered' finds offers whose time is up; 'handover' finds
 *     ended sign-ups whose places are still to be passed on (see release)
 */

/**
 * A sign-up as stored. It describes what is in the table, not what is accepted: input rules
 * (trimming, lengths, refused characters) apply at the door, and a rule tightened later must not
 * make an old item unreadable. Index attributes (activityStatus) and the TTL are dropped.
 */
export const SignupRecord = z.object({
  activityId: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  memberNo: z.string(),
  /** last four digits of the phone, so staff can find someone at the door without a QR */
  phoneTail: z.string().optional(),
  activityTitle: z.string(),
  status: SignupStatus,
  places: z.number().int(),
  children: z.array(z.object({ name: z.string(), age: z.number().int() })),
  /**
   * `<arrival time>#<memberId>`: orders the waiting list without a shared sequence counter (which
   * would be one more hot item); unique, so positions are distinct
   */
  queueKey: z.string(),
  /** the counter item holding this sign-up's places (the activity, or one of its shards) */
  counterId: z.string().optional(),
  /**
   * 'offered': an offer, held until holdExpiresAt. 'handover': cancelled or expired, its places
   * still counted and not yet offered on or given back (holdExpiresAt = when that became due)
   */
  holdBucket: z.enum(['offered', 'handover']).optional(),
  holdExpiresAt: z.string().optional(),
  createdAt: z.string(),
  registeredBy: z.string().optional(),
  checkedInAt: z.string().optional(),
  checkedInBy: z.string().optional(),
  /** draws: this entry's place in the drawn order (1 = first; tables/draws.ts) */
  drawPosition: z.number().int().optional(),
});
export type SignupRecord = z.infer<typeof SignupRecord>;

const T = () => tableName('signups');
const key = (activityId: string, memberId: string) => ({ activityId, memberId });
const LIVE: SignupStatus[] = ['confirmed', 'waitlisted', 'offered', 'applied'];
const PURGE_AFTER_S = 180 * 24 * 3600; // cancelled and expired sign-ups are deleted by TTL after 180 days
const toRecord = (i: Record<string, unknown>) => recordOf(SignupRecord, i);

function item(s: SignupRecord): Record<string, unknown> {
  return { ...s, activityStatus: `${s.activityId}#${s.status}`, ...(s.status === 'offered' ? { holdBucket: 'offered' } : {}) };
}

export async function getSignup(activityId: string, memberId: string): Promise<SignupRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: key(activityId, memberId), ConsistentRead: true }));
  return Item ? toRecord(Item) : null;
}

/**
 * One member's sign-ups for a page of activities: one BatchGetItem (≤ 100 keys), whatever the page
 * holds, instead of a GetItem per activity. Read consistently, as getSignup is.
 */
export async function getSignupsOfMember(memberId: string, activityIds: string[]): Promise<Map<string, SignupRecord>> {
  const found = new Map<string, SignupRecord>();
  let keys = [...new Set(activityIds)].map((activityId) => key(activityId, memberId));
  if (keys.length > 100) throw new Error('at most 100 activities a batch');
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt === 5) throw new Error('sign-ups not read after retries');
    const reply = await db().send(new BatchGetCommand({ RequestItems: { [T()]: { Keys: keys, ConsistentRead: true } } }));
    for (const item of reply.Responses?.[T()] ?? []) {
      const record = toRecord(item);
      found.set(record.activityId, record);
    }
    keys = (reply.UnprocessedKeys?.[T()]?.Keys ?? []) as typeof keys;
    if (keys.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
  }
  return found;
}

export type SignupOutcome = { signup: SignupRecord; created: boolean } | { full: true };
export type SignupDraft = Omit<SignupRecord, 'status' | 'queueKey' | 'createdAt' | 'counterId' | 'holdBucket' | 'holdExpiresAt'>;

/** The capacity a failed counter step actually saw, if it differs from what we assumed. */
function capacitySeen(error: unknown, index: number): number | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  const raw = error.CancellationReasons?.[index]?.Item?.capacity;
  return raw && 'N' in raw && raw.N !== undefined ? Number(raw.N) : null;
}

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

/**
 * Unsharded activities this process found full a moment ago (a transaction failed on the counter).
 * Later sign-ups here join the waiting list without a transaction. Only a hint, like `allFull`: a
 * place freed elsewhere meanwhile reaches the list through the sweeper's refill. Places this process
 * gives back clear it at once.
 */
const fullSeen = new Map<string, number>();
const FULL_SEEN_MS = 2_000;
const seenFull = (activityId: string) => Date.now() - (fullSeen.get(activityId) ?? 0) < FULL_SEEN_MS;
function noteFull(activityId: string) {
  if (fullSeen.size > 500) fullSeen.clear(); // a container sees few activities; never let it grow
  fullSeen.set(activityId, Date.now());
}

/**
 * At most a few transactions on one counter in flight from this process. DynamoDB runs the
 * transactions on one item one after another anyway (more in flight only conflict), and the
 * sign-ups that wait learn from those ahead whether the counter filled up, so a burst on a full
 * activity costs a put each, not a doomed transaction each. A Lambda container serves one request
 * at a time, so there this never waits; it matters where one process serves many (`npm start`).
 */
const LANE_WIDTH = 4;
const lanes = new Map<string, { busy: number; waiting: (() => void)[] }>();
async function inLane<T>(counterId: string, run: () => Promise<T>): Promise<T> {
  let lane = lanes.get(counterId);
  if (!lane) lanes.set(counterId, (lane = { busy: 0, waiting: [] }));
  if (lane.busy < LANE_WIDTH) lane.busy++;
  else await new Promise<void>((go) => lane.waiting.push(go)); // the slot is handed over, busy unchanged
  try {
    return await run();
  } finally {
    const next = lane.waiting.shift();
    if (next) next();
    else if (--lane.busy === 0) lanes.delete(counterId);
  }
}

/** Places of an unsharded activity that sign-ups of this process are trying to take right now. */
const claims = new Map<string, number>();
/** Activities where a sign-up of this process joined the list because those places were claimed. */
const overflowed = new Set<string>();

/** Whether an unsharded counter is full now (a strongly consistent read of its two attributes). */
async function counterFull(activityId: string, places: number): Promise<boolean> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName('activities'),
      Key: { id: activityId },
      ConsistentRead: true,
      ProjectionExpression: 'confirmed, #capacity',
      ExpressionAttributeNames: { '#capacity': 'capacity' }, // a reserved word
    }),
  );
  const counter = z.object({ confirmed: z.number().default(0), capacity: z.number().nullable() }).parse(Item ?? {});
  return counter.capacity !== null && counter.confirmed + places > counter.capacity;
}

/**
 * Signs a member up. Confirmed places never exceed capacity: one transaction raises a counter (only
 * while `confirmed + places <= capacity` on that counter) and writes the sign-up (only if the member
 * has no live one). A sharded activity reads its counters once and tries those with room in random
 * order, so simultaneous sign-ups spread over them. Once an activity with a waiting list is known to
 * be full, a sign-up is one conditional put on the list, as cheap as the floor: the counter is not
 * touched. Repeats and parallel duplicates return the first sign-up.
 */
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
  // a sign-up that gets a place is counted in the transaction that makes it: `activities.signups`
  // on the Beijing day, for the activity's org and every ancestor (and its event); one that waits is
  // counted when it is given a place (confirmOffer). Joining the waiting list stays one Put.
  const statsPath = await activityStatsPath(activity);
  const putAlone = async (signup: SignupRecord): Promise<SignupOutcome> => {
    try {
      if (signup.status === 'waitlisted') await db().send(new PutCommand({ TableName: T(), Item: item(signup), ...notLive }));
      else
        await withConflictRetry(() =>
          db().send(
            new TransactWriteCommand({
              TransactItems: [{ Put: { TableName: T(), Item: item(signup), ...notLive } }, ...statsSteps(statsPath, now, SIGNED_UP)],
            }),
          ),
        );
      return { signup, created: true };
    } catch (error) {
      if (isConditionFailed(error) || failedConditions(error)?.[0]) return duplicate();
      throw error;
    }
  };

  if (activity.capacity === null) return putAlone({ ...base, status: 'confirmed' });

  // Full hints are only trusted with a waiting list, where a place freed meanwhile still reaches
  // people (the sweeper's refill); without one a member would be told 名额已满 wrongly.
  // Unsharded: the activity item is the counter. Known full (this process saw a transaction fail a
  // moment ago, or the cached copy shows it full and a consistent read of the counter agrees): the
  // waiting list. Otherwise it is tried (the copy may be a moment old, and a small activity's freed
  // place should go to whoever asks for it now).
  // Sharded, one place: a random shard is tried without reading it; only when it is full are all
  // shards read (one batch) and those with room tried. Groups read first.
  // Sharded and marked all full: no read of the shards either (the hint is cleared with places back).
  const trustHints = activity.waitlist;
  const unshardedFull = async () =>
    trustHints &&
    (seenFull(activity.id) ||
      ((activity.confirmed ?? 0) + draft.places > activity.capacity! && (await counterFull(activity.id, draft.places))));
  const withRoom = async () => (await readCounters(activity, true)).filter((c) => c.capacity - c.confirmed >= draft.places);
  // Unsharded, in one process: sign-ups here already trying the counter claim every place the cached
  // copy shows free, so this one joins the list at once. Should one of them not take its place (a
  // duplicate, a failure), it marks the activity for the sweeper's refill, which offers that place
  // to the head of the list.
  const claimed = claims.get(activity.id) ?? 0;
  if (!activity.shards && trustHints && claimed > 0 && activity.capacity! - (activity.confirmed ?? 0) - claimed < draft.places) {
    overflowed.add(activity.id);
    return putAlone({ ...base, status: 'waitlisted' });
  }
  if (!activity.shards) claims.set(activity.id, claimed + draft.places);
  let tookPlace = false;
  try {
    const outcome = await tryCounters();
    tookPlace = 'signup' in outcome && outcome.created && outcome.signup.status === 'confirmed';
    return outcome;
  } finally {
    if (!activity.shards) {
      const left = (claims.get(activity.id) ?? draft.places) - draft.places;
      if (left > 0) claims.set(activity.id, left);
      else claims.delete(activity.id);
      if (!tookPlace && overflowed.has(activity.id)) await markRefill(activity.id, new Date()).catch(() => undefined);
      if (left <= 0) overflowed.delete(activity.id);
    }
  }

  async function tryCounters(): Promise<SignupOutcome> {
    let candidates: { id: string; capacity: number | null }[] = activity.shards
      ? activity.allFull && trustHints
        ? []
        : draft.places === 1
          ? [{ id: shardId(activity.id, randomInt(activity.shards)), capacity: null }]
          : await withRoom()
      : (await unshardedFull())
        ? []
        : [{ id: activity.id, capacity: activity.capacity }];
    while (candidates.length > 0) {
      const pick = Math.floor(Math.random() * candidates.length);
      const counter = candidates[pick]!;
      const signup: SignupRecord = { ...base, status: 'confirmed', counterId: counter.id };
      const outcome = await inLane(counter.id, () =>
        withConflictRetry(async () => {
          // those ahead in the lane may have found it full while this one waited
          if (!activity.shards && trustHints && seenFull(activity.id)) return 'full' as const;
          try {
            const take = takePlaces(counter, draft.places);
            await db().send(
              new TransactWriteCommand({
                TransactItems: [
                  { Update: { ...take.Update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
                  { Put: { TableName: T(), Item: item(signup), ...notLive } },
                  ...statsSteps(statsPath, now, SIGNED_UP),
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
            if (!activity.shards) noteFull(activity.id);
            return 'full' as const;
          }
        }),
      );
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
}

/**
 * An application to a draw (allocation 'draw', tables/draws.ts): the member's own item with status
 * 'applied' (a conditional Put) and the draw's `applicants` +1, in one transaction that holds only
 * while the draw's order is not fixed; no place counter is touched (applications hold no places
 * until the draw). A repeat (double tap, retry) returns the first application, as a sign-up does.
 * After the order was fixed (an application in flight at the close) → 409 报名已截止，已开始摇号.
 */
export async function applyForDraw(
  activity: ActivityRecord,
  draft: SignupDraft,
  now = new Date(),
): Promise<{ signup: SignupRecord; created: boolean }> {
  const signup: SignupRecord = {
    ...draft,
    status: 'applied',
    queueKey: `${now.toISOString()}#${draft.memberId}`,
    createdAt: now.toISOString(),
  };
  try {
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: T(),
                Item: item(signup),
                ConditionExpression: 'attribute_not_exists(memberId) OR #status IN (:cancelled, :expired)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':cancelled': 'cancelled', ':expired': 'expired' },
              },
            },
            applicantsStep(activity.id, 1),
          ],
        }),
      ),
    );
    return { signup, created: true };
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    if (failed[0]) return { signup: (await getSignup(activity.id, draft.memberId))!, created: false };
    throw conflict('报名已截止，已开始摇号');
  }
}

/** What a sign-up given a place adds to the stats: docs/outreach.md, family `activities`. */
const SIGNED_UP = { activities: { signups: 1 } };

/** The first `limit` of the waiting list (from the index, which may lag a moment). */
async function waitlistHead(activityId: string, limit: number): Promise<SignupRecord[]> {
  const page = await queryPage({
    TableName: T(),
    IndexName: 'byStatus',
    KeyConditionExpression: 'activityStatus = :s',
    ExpressionAttributeValues: { ':s': `${activityId}#waitlisted` },
    Limit: limit,
  });
  return page.items.map(toRecord);
}

/** 1-based place in the waiting list. */
export async function waitlistPosition(s: SignupRecord): Promise<number> {
  // a count, not items: one request counts up to 1 MB of keys, far more than any waiting list
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

/**
 * The transaction steps that offer a waiting group the places held on `counterId`: the sign-up's
 * update, and the member's 消息 with the deadline (docs/notifications.md), in the same transaction.
 */
function offerSteps(p: SignupRecord, counterId: string, holdExpiresAt: string, now: Date) {
  return [offerStep(p, counterId, holdExpiresAt), eventStep(offerMade(p, holdExpiresAt, now))] as const;
}

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

const log = createLogger({ module: 'signups' });
/** How long a cancel spends passing its places on before leaving the rest to the sweeper. */
const HANDOVER_BUDGET_MS = 3_000;

/**
 * Ends a sign-up (cancelled by the member, or an offer that expired) and passes its places on, in
 * two steps so that a burst of cancels of any size converges and every member gets an answer:
 * 1. `endSignup`: one conditional write on the member's own sign-up. Its places stay counted on the
 *    counter (nobody else can take them) and the sign-up is marked 'handover' (the holds index).
 * 2. `handOver`: offers the places to the head of the waiting list. Cancels at the same moment race
 *    for the same heads; each retries with the next ones for a few seconds, and whatever is left is
 *    finished by the sweeper (`pendingHandovers`, every minute), so nothing strands.
 */
export async function release(
  activity: ActivityRecord,
  memberId: string,
  to: 'cancelled' | 'expired',
  now = new Date(),
): Promise<SignupRecord | null> {
  const ended = await endSignup(activity, memberId, to, now);
  if (ended?.holdBucket === 'handover') {
    try {
      await handOver(activity, ended, now, Date.now() + HANDOVER_BUDGET_MS);
    } catch (error) {
      // the sign-up has ended; its places are still marked for the sweeper, which passes them on
      log.warn('handover left to the sweeper', { activityId: activity.id, error: (error as Error).name });
    }
  }
  return ended;
}

/**
 * Step 1 of a release: the sign-up alone, so concurrent cancels never wait for each other. The
 * condition is on its own status; a sign-up only moves forward (waitlisted → offered → confirmed →
 * ended), so a changed status is read again a few times at most.
 */
async function endSignup(activity: ActivityRecord, memberId: string, to: 'cancelled' | 'expired', now: Date): Promise<SignupRecord | null> {
  for (let attempt = 0; ; attempt++) {
    const s = await getSignup(activity.id, memberId);
    if (!s || !LIVE.includes(s.status)) return s;
    if (to === 'expired' && (s.status !== 'offered' || !s.holdExpiresAt || s.holdExpiresAt > now.toISOString())) return s;
    // an application to a draw ('applied') holds no places: it was never counted. Withdrawn, it
    // leaves the draw's count in the same transaction, only while the order is not fixed.
    if (s.status === 'applied') {
      const ended = await withdrawApplication(s, to, now);
      if (ended) return ended;
      if (attempt >= 5) throw new Error('application kept moving');
      continue;
    }
    const holdsPlaces = (s.status === 'confirmed' || s.status === 'offered') && activity.capacity !== null;
    try {
      const reply = await db().send(
        new UpdateCommand({
          TableName: T(),
          Key: key(s.activityId, s.memberId),
          UpdateExpression: holdsPlaces
            ? 'SET #status = :to, activityStatus = :as, expiresAt = :purge, holdBucket = :handover, holdExpiresAt = :due'
            : 'SET #status = :to, activityStatus = :as, expiresAt = :purge REMOVE holdBucket, holdExpiresAt',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': to,
            ':as': `${s.activityId}#${to}`,
            ':from': s.status,
            ':purge': Math.floor(now.getTime() / 1000) + PURGE_AFTER_S,
            ...(holdsPlaces ? { ':handover': 'handover', ':due': now.toISOString() } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toRecord(reply.Attributes!);
    } catch (error) {
      if (!isConditionFailed(error) || attempt >= 5) throw error;
    }
  }
}

/** An application withdrawn before the draw (null: it moved meanwhile, read it again). */
async function withdrawApplication(s: SignupRecord, to: 'cancelled' | 'expired', now: Date): Promise<SignupRecord | null> {
  const expiresAt = Math.floor(now.getTime() / 1000) + PURGE_AFTER_S;
  try {
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: T(),
                Key: key(s.activityId, s.memberId),
                UpdateExpression: 'SET #status = :to, activityStatus = :as, expiresAt = :purge REMOVE holdBucket, holdExpiresAt',
                ConditionExpression: '#status = :applied',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':to': to, ':as': `${s.activityId}#${to}`, ':applied': 'applied', ':purge': expiresAt },
              },
            },
            applicantsStep(s.activityId, -1),
          ],
        }),
      ),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    if (failed[0]) return null;
    throw conflict('报名已截止，已开始摇号，不能撤回；摇号后中签的可以取消');
  }
  const { holdBucket: _b, holdExpiresAt: _h, ...rest } = s;
  return { ...rest, status: to };
}

/** Ended sign-ups of an activity whose places are still to be passed on (the holds index). */
async function handoversOf(activityId: string): Promise<SignupRecord[]> {
  const items = await queryAll({
    TableName: T(),
    IndexName: 'holds',
    KeyConditionExpression: 'holdBucket = :b',
    FilterExpression: 'activityId = :a',
    ExpressionAttributeValues: { ':b': 'handover', ':a': activityId },
  });
  return items.map(toRecord);
}

/**
 * Step 2 of a release: passes an ended sign-up's places on. One handover runs at a time per activity
 * (a short lease), and it passes on the places of every cancel pending at that moment, in batches,
 * so a burst of cancels does not race for the same people at the head of the list. A cancel that
 * finds the lease held waits for its own places to be passed on (or for the lease to come free).
 * Returns false if `deadline` came first: the sweeper finishes it.
 */
export async function handOver(activity: ActivityRecord, s: SignupRecord, now: Date, deadline = Infinity): Promise<boolean> {
  const me = randomUUID();
  for (let round = 0; Date.now() < deadline; round++) {
    const mine = await getSignup(s.activityId, s.memberId);
    if (mine?.holdBucket !== 'handover') return true;
    if (await takeHandoverLease(activity.id, me)) {
      try {
        await passOnPending(activity, mine, now, deadline);
      } finally {
        await dropHandoverLease(activity.id, me);
      }
    } else await new Promise((r) => setTimeout(r, 30 + Math.random() * 70));
  }
  return false;
}

/** Under the lease: passes on the places of `first` and of every other pending cancel, in batches. */
async function passOnPending(activity: ActivityRecord, first: SignupRecord, now: Date, deadline: number): Promise<void> {
  const skipHeads = new Set<string>();
  const done = new Set<string>();
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    // a transaction holds at most 100 items: each leaver is one, plus two per head offered (its
    // update and its message)
    const leavers: SignupRecord[] = [];
    let size = 0;
    for (const l of [first, ...(await handoversOf(activity.id))]) {
      if (done.has(l.memberId) || leavers.some((x) => x.memberId === l.memberId) || size + 1 + 2 * l.places > 80) continue;
      leavers.push(l);
      size += 1 + 2 * l.places;
    }
    if (leavers.length === 0) return;
    const outcome = await passOn(activity, leavers, now, skipHeads);
    if (outcome === 'conflict') await new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 20 * 2 ** Math.min(attempt, 5))));
    else outcome.forEach((id) => done.add(id));
  }
}

/**
 * One transaction: clear each leaver's 'handover' mark (only if still set, so places pass on once,
 * whoever does it), offer the places to the head of the waiting list (whole groups, in order; a
 * group that does not fit a leaver's places waits for more), and give places nobody could take back
 * to their counter, marking the activity for a refill. A head someone else offered or cancelled a
 * moment ago (the list comes from an index that lags) is skipped on the next try. Returns the
 * leavers settled (passed on now, or already), or 'conflict' to try again.
 */
async function passOn(
  activity: ActivityRecord,
  leavers: SignupRecord[],
  now: Date,
  skipHeads: Set<string>,
): Promise<string[] | 'conflict'> {
  const places = leavers.reduce((n, l) => n + l.places, 0);
  const heads = (await waitlistHead(activity.id, places + skipHeads.size + 5)).filter((h) => !skipHeads.has(h.memberId));
  const until = holdUntil(activity, now);
  const steps: unknown[] = [];
  const about: { leaver?: string; head?: string }[] = [];
  const back = new Map<string, number>(); // places given back, by counter
  let next = 0;
  for (const l of leavers) {
    steps.push({
      Update: {
        TableName: T(),
        Key: key(l.activityId, l.memberId),
        UpdateExpression: 'REMOVE holdBucket, holdExpiresAt',
        ConditionExpression: 'holdBucket = :handover',
        ExpressionAttributeValues: { ':handover': 'handover' },
      },
    });
    about.push({ leaver: l.memberId });
    const counterId = l.counterId ?? activity.id;
    let free = l.places;
    while (next < heads.length && heads[next]!.places <= free) {
      const head = heads[next++]!;
      steps.push(...offerSteps(head, counterId, until, now));
      about.push({ head: head.memberId }, {});
      free -= head.places;
    }
    if (free > 0) back.set(counterId, (back.get(counterId) ?? 0) + free);
  }
  for (const [counterId, n] of back) steps.push(counterId === activity.id ? returnPlaces(counterId, n, now) : returnPlaces(counterId, n));
  if (back.size > 0 && !back.has(activity.id)) steps.push(refillStep(activity.id, now));
  try {
    await db().send(new TransactWriteCommand({ TransactItems: steps as never }));
    if (back.size > 0) fullSeen.delete(activity.id);
    return leavers.map((l) => l.memberId);
  } catch (error) {
    if (isTransactionConflict(error)) return 'conflict';
    const failed = failedConditions(error);
    if (!failed) throw error;
    const settled: string[] = [];
    failed.forEach((f, i) => {
      if (f && about[i]?.leaver) settled.push(about[i].leaver); // passed on by someone else
      if (f && about[i]?.head) skipHeads.add(about[i].head);
    });
    return settled;
  }
}

/** Ended sign-ups whose places were not passed on within their own request (for the sweeper). */
export async function pendingHandovers(now: Date, settleMs: number): Promise<SignupRecord[]> {
  const items = await queryAll({
    TableName: T(),
    IndexName: 'holds',
    KeyConditionExpression: 'holdBucket = :b AND holdExpiresAt <= :before',
    ExpressionAttributeValues: { ':b': 'handover', ':before': new Date(now.getTime() - settleMs).toISOString() },
  });
  return items.map(toRecord);
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
          TransactItems: [takePlaces(counter, next.places), ...offerSteps(next, counter.id, holdUntil(activity, now), now)],
        }),
      );
    } catch (error) {
      if (!failedConditions(error) && !isTransactionConflict(error)) throw error;
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

export type ConfirmOutcome =
  | { confirmed: SignupRecord }
  /** confirmed before (a double tap, or a retry after a lost answer) */
  | { already: SignupRecord }
  /** waiting, not offered yet; or cancelled */
  | { notOffered: SignupRecord }
  /** the offer's time ran out (expired, or about to be by the sweeper) */
  | { late: SignupRecord }
  | { missing: true };

/** The member takes the offered place before the hold runs out. */
export async function confirmOffer(
  activityId: string,
  memberId: string,
  now = new Date(),
  statsPath: readonly string[] = [],
): Promise<ConfirmOutcome> {
  try {
    // the place is now the member's: counted as a sign-up (stats) in the same transaction
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
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
              },
            },
            ...statsSteps(statsPath, now, SIGNED_UP),
          ],
        }),
      ),
    );
    return { confirmed: (await getSignup(activityId, memberId))! };
  } catch (error) {
    if (!failedConditions(error)?.[0]) throw error;
  }
  // why not: read it once (the condition does not say which part failed)
  const s = await getSignup(activityId, memberId);
  if (!s) return { missing: true };
  if (s.status === 'confirmed') return { already: s };
  if (s.status === 'offered' || s.status === 'expired') return { late: s };
  return { notOffered: s };
}

/** How long before its deadline an offer's member is warned (docs/notifications.md). */
export const OFFER_WARNING_MS = 10 * 60_000;

/**
 * Offers whose deadline is within the next 10 minutes (for the sweeper's warning): one Query on
 * the holds index, at most `limit` (the earliest first; the rest are warned next minute).
 */
export async function expiringOffers(now = new Date(), limit = 200): Promise<SignupRecord[]> {
  const reply = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'holds',
      KeyConditionExpression: 'holdBucket = :b AND holdExpiresAt BETWEEN :now AND :soon',
      ExpressionAttributeValues: {
        ':b': 'offered',
        ':now': now.toISOString(),
        ':soon': new Date(now.getTime() + OFFER_WARNING_MS).toISOString(),
      },
      Limit: limit,
    }),
  );
  return (reply.Items ?? []).map(toRecord);
}

/** Offers whose hold has run out (for the scheduled sweeper). */
export async function expiredOffers(now = new Date()): Promise<SignupRecord[]> {
  const items = await queryAll({
    TableName: T(),
    IndexName: 'holds',
    KeyConditionExpression: 'holdBucket = :b AND holdExpiresAt < :now',
    ExpressionAttributeValues: { ':b': 'offered', ':now': now.toISOString() },
  });
  return items.map(toRecord);
}

export async function listSignupsOfActivity(activityId: string): Promise<SignupRecord[]> {
  const items = await queryAll({
    TableName: T(),
    KeyConditionExpression: 'activityId = :a',
    ExpressionAttributeValues: { ':a': activityId },
  });
  return items.map(toRecord);
}

const ConfirmedCursor = z.strictObject({
  activityId: z.string().max(200),
  memberId: z.string().max(200),
  activityStatus: z.string().max(300),
  queueKey: z.string().max(300),
});

/**
 * A page of an activity's confirmed sign-ups (who they are, not what they hold): one Query on
 * byStatus, ≤ `limit`. `cursor` is the previous page's `nextCursor`, an opaque string the caller
 * may store (the reminder job keeps it on the activity).
 */
export async function confirmedSignupsPage(
  activityId: string,
  limit: number,
  cursor?: string,
): Promise<{ memberIds: string[]; nextCursor?: string }> {
  const page = await queryPage(
    {
      TableName: T(),
      IndexName: 'byStatus',
      KeyConditionExpression: 'activityStatus = :s',
      ExpressionAttributeValues: { ':s': `${activityId}#confirmed` },
      ProjectionExpression: 'memberId',
      Limit: limit,
    },
    decodeCursor(cursor, ConfirmedCursor),
  );
  return {
    memberIds: page.items.map((i) => String(i.memberId)),
    ...(page.nextKey ? { nextCursor: encodeCursor(page.nextKey) } : {}),
  };
}

export async function listSignupsOfMember(memberId: string): Promise<SignupRecord[]> {
  const items = await queryAll({
    TableName: T(),
    IndexName: 'byMember',
    KeyConditionExpression: 'memberId = :m',
    ExpressionAttributeValues: { ':m': memberId },
  });
  return items.map(toRecord);
}

export type CheckInOutcome =
  | { done: SignupRecord }
  | { already: SignupRecord }
  | { notLive: SignupRecord }
  | { missing: true }
  /** one of the caller's own steps failed its condition (the stall's action was answered before): nothing written */
  | { stepFailed: number };

/** One TransactWriteItems step a caller adds to a check-in (the stall's action outcome). */
export type CheckInStep = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Checks a confirmed sign-up in once; a second scan reports who checked it in and when. The
 * check-in is counted (stats family `activities`, `checkins`) on `statsPath` — the activity's org
 * path, plus its outreach event when it names one — for the Beijing day of `at` (when it happened:
 * a stall's scan time, else now), in the same transaction. `steps` go first in that transaction
 * (the stall's Put of its action outcome, made from the sign-up as read): if one fails its
 * condition nothing is written.
 */
export async function checkIn(
  activityId: string,
  memberId: string,
  by: string,
  {
    at = new Date(),
    statsPath,
    steps: stepsOf = [],
  }: { at?: Date; statsPath: readonly string[]; steps?: CheckInStep[] | ((signup: SignupRecord) => CheckInStep[]) },
): Promise<CheckInOutcome> {
  const current = await getSignup(activityId, memberId);
  if (!current) return { missing: true };
  if (current.checkedInAt) return { already: current };
  if (current.status !== 'confirmed') return { notLive: current };
  const checkedInAt = at.toISOString();
  const steps = typeof stepsOf === 'function' ? stepsOf(current) : stepsOf;
  try {
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            ...steps,
            {
              Update: {
                TableName: T(),
                Key: key(activityId, memberId),
                UpdateExpression: 'SET checkedInAt = :at, checkedInBy = :by',
                ConditionExpression: '#status = :confirmed AND attribute_not_exists(checkedInAt)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':at': checkedInAt, ':by': by, ':confirmed': 'confirmed' },
              },
            },
            ...statsSteps(statsPath, at, { activities: { checkins: 1 } }),
          ],
        }),
      ),
    );
    return { done: { ...current, checkedInAt, checkedInBy: by } };
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    const step = failed.slice(0, steps.length).indexOf(true);
    if (step >= 0) return { stepFailed: step };
    // checked in (or cancelled) by someone else between the read and the write
    const s = await getSignup(activityId, memberId);
    if (!s) return { missing: true };
    if (s.checkedInAt) return { already: s };
    return { notLive: s };
  }
}
