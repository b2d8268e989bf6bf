import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { maskName } from '../../shared/schemas/common';
import type { DrawEntry } from '../../shared/schemas/draw';
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
import { drawOutcome } from '../messages/events';
import { activityStatsPath, readCounters, takePlaces, type ActivityRecord, type Counter } from './activities';
import { eventStep } from './inbox';
import { statsSteps } from './stats';

/**
 * draws table (pk, sk), docs/claims-and-draws.md "Draws":
 *   draw#<activityId> / -                   the draw: the secret seed (hex; never answered before the
 *                                           order is drawn), its commitment SHA-256(seed), `applicants`
 *                                           (a counter kept in the transactions that apply and withdraw,
 *                                           until the order is fixed), and once drawn the run that holds
 *                                           the order (runId), the capacity it used, its figures and how
 *                                           far allocation got (doneChunks, waitShift). drawQueue =
 *                                           'pending' (index `pending`, range closesAt) until allocated:
 *                                           the sweeper draws those whose window closed.
 *   draw#<activityId> / order#<runId>#<k>   the drawn order, chunk k (≤ ORDER_CHUNK entries, position
 *                                           ascending): what GET /activities/{id}/draw pages through.
 *                                           Entries hold the member id for allocation; only the
 *                                           published key (entryKey) is ever answered.
 *   draw#<activityId> / pardon#<memberId>   staff let this member enter this draw despite the no-show rule.
 *   noshow#<memberId> / <orgId>             the member's won places in that org's draws with a no-show
 *                                           rule: one attribute per activity `w_<activityId>` =
 *                                           { endsAt, attended?, released? },
 *                                           kept to the newest HISTORY_KEEP (pruned at each win), so
 *                                           the no-show check is one GetItem.
 */

const T = () => tableName('draws');
const SIGNUPS = () => tableName('signups');
const drawPk = (activityId: string) => `draw#${activityId}`;
const historyKey = (memberId: string, orgId: string) => ({ pk: `noshow#${memberId}`, sk: orgId });
const winAttr = (activityId: string) => `w_${activityId}`;
const log = createLogger({ module: 'draws' });

/** Entries per stored chunk of the order (and per page of GET …/draw). */
export const ORDER_CHUNK = 500;
/** Won places kept per member and org: the largest `of` a no-show rule may name (NoShowRule). */
export const HISTORY_KEEP = 20;
/** Sign-ups that did not get a place are deleted by TTL after 180 days, like cancelled ones. */
const PURGE_AFTER_S = 180 * 24 * 3600;

const DrawRecord = z.object({
  activityId: z.string(),
  seed: z.string(),
  commitment: z.string(),
  closesAt: z.string(),
  createdAt: z.string(),
  runId: z.string().optional(),
  drawnAt: z.string().optional(),
  /** the capacity the order was drawn with (what GET …/draw publishes and verify-draw walks) */
  capacity: z.number().int().optional(),
  allocatedAt: z.string().optional(),
  applicants: z.number().int().optional(),
  won: z.number().int().optional(),
  placesWon: z.number().int().optional(),
  waitlisted: z.number().int().optional(),
  chunks: z.number().int().optional(),
  doneChunks: z.number().int().optional(),
  /** won entries moved to the waiting list for lack of room so far (allocation; shifts the list's positions) */
  waitShift: z.number().int().optional(),
});
export type DrawRecord = z.infer<typeof DrawRecord>;

const StoredEntry = z.object({
  position: z.number().int(),
  /** the published key (entryKey); draws before it was introduced used the member id itself */
  key: z.string(),
  /** whose entry it is (absent in those older draws: the key is the member id); never answered */
  memberId: z.string().optional(),
  rank: z.string(),
  name: z.string(),
  memberNoTail: z.string(),
  places: z.number().int(),
  outcome: z.enum(['won', 'waitlisted', 'not-drawn']),
  /** waitlisted: 1-based place on the waiting list at the draw (for the message) */
  waitPosition: z.number().int().optional(),
});
type StoredEntry = z.infer<typeof StoredEntry>;
const ChunkRecord = z.object({
  entries: z.array(StoredEntry),
  /** waitlisted entries in the chunks before this one (so a moved entry's place on the list is known) */
  waitedBefore: z.number().int().optional(),
  /** positions of won entries that found no room at allocation (the capacity was lowered after the draw) */
  noRoom: z.set(z.number()).optional(),
});
const memberOf = (e: StoredEntry) => e.memberId ?? e.key;

// ---- the algorithm (DRAW_ALGORITHM in shared/schemas/draw.ts; scripts/verify-draw.ts checks it independently) ----

/** A fresh 32-byte seed and its commitment, both hex. */
export function newSeed(): { seed: string; commitment: string } {
  const seed = randomBytes(32);
  return { seed: seed.toString('hex'), commitment: createHash('sha256').update(seed).digest('hex') };
}

/**
 * The published key of a member's entry in a draw: SHA-256(`<activityId>:<memberId>`), hex. It
 * reveals nobody's internal id, differs from draw to draw, and is fixed before the seed is revealed.
 */
export const entryKey = (activityId: string, memberId: string) =>
  createHash('sha256').update(`${activityId}:${memberId}`, 'utf8').digest('hex');

/** HMAC-SHA256(key = the seed's bytes, message = the entry key's UTF-8), hex. */
export const rankOf = (seedHex: string, entryKey: string) =>
  createHmac('sha256', Buffer.from(seedHex, 'hex')).update(entryKey, 'utf8').digest('hex');

export interface Applicant {
  /** the published key (entryKey) */
  key: string;
  memberId: string;
  name: string;
  memberNo: string;
  places: number;
}

/**
 * The order and each entry's outcome: ranked, sorted by rank ascending (ties by key), then walked
 * with the capacity: an entry whose places fit what is left wins them, the others wait (or are not
 * drawn without a waiting list), keeping their order.
 */
export function drawOrder(seedHex: string, applicants: Applicant[], capacity: number, waitlist: boolean): StoredEntry[] {
  const ranked = applicants
    .map((a) => ({ ...a, rank: rankOf(seedHex, a.key) }))
    .sort((x, y) => (x.rank < y.rank ? -1 : x.rank > y.rank ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  let left = capacity;
  let waiting = 0;
  return ranked.map((a, i) => {
    const fits = a.places <= left;
    if (fits) left -= a.places;
    const outcome = fits ? 'won' : waitlist ? 'waitlisted' : 'not-drawn';
    return {
      position: i + 1,
      key: a.key,
      memberId: a.memberId,
      rank: a.rank,
      name: maskName(a.name),
      memberNoTail: a.memberNo.slice(-4),
      places: a.places,
      outcome,
      ...(outcome === 'waitlisted' ? { waitPosition: ++waiting } : {}),
    };
  });
}

// ---- the draw item -------------------------------------------------------------------------------

/** Stores a new draw's seed (before the activity is published: an orphan seed is harmless). */
export async function putDraw(activityId: string, seed: string, commitment: string, closesAt: string, now = new Date()): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: T(),
      Item: {
        pk: drawPk(activityId),
        sk: '-',
        activityId,
        seed,
        commitment,
        closesAt,
        createdAt: now.toISOString(),
        applicants: 0,
        drawQueue: 'pending',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getDraw(activityId: string, consistent = false): Promise<DrawRecord | null> {
  const { Item } = await db().send(
    new GetCommand({ TableName: T(), Key: { pk: drawPk(activityId), sk: '-' }, ConsistentRead: consistent }),
  );
  return Item ? recordOf(DrawRecord, Item) : null;
}

/**
 * One chunk of the drawn order as published (null past the end): the member ids stay inside. A won
 * entry that found no room at allocation says where it went (`movedTo`).
 */
export async function getOrderChunk(draw: DrawRecord, k: number, waitlist: boolean): Promise<DrawEntry[] | null> {
  if (!draw.runId || k < 0 || k >= (draw.chunks ?? 0)) return null;
  const { Item } = await db().send(
    new GetCommand({ TableName: T(), Key: { pk: drawPk(draw.activityId), sk: `order#${draw.runId}#${k}` } }),
  );
  if (!Item) return null;
  const chunk = recordOf(ChunkRecord, Item);
  return chunk.entries.map(({ position, key, rank, name, memberNoTail, places, outcome }) => ({
    position,
    key,
    rank,
    name,
    memberNoTail,
    places,
    outcome,
    ...(chunk.noRoom?.has(position) ? { movedTo: waitlist ? ('waitlisted' as const) : ('not-drawn' as const) } : {}),
  }));
}

/** Draws whose window closed at least `settleMs` ago and are not allocated yet (the sweeper's), oldest first. */
export async function pendingDraws(now: Date, settleMs: number, limit: number): Promise<string[]> {
  const page = await queryPage({
    TableName: T(),
    IndexName: 'pending',
    KeyConditionExpression: 'drawQueue = :p AND closesAt <= :before',
    ExpressionAttributeValues: { ':p': 'pending', ':before': new Date(now.getTime() - settleMs).toISOString() },
    Limit: limit,
  });
  return page.items.map((i) => String(i.activityId));
}

/**
 * The transaction step that counts an application in (+1) or out (−1) of a draw, only while its
 * order is not fixed: an application (or a withdrawal) landing after that fails this step.
 */
export function applicantsStep(activityId: string, delta: 1 | -1) {
  return {
    Update: {
      TableName: T(),
      Key: { pk: drawPk(activityId), sk: '-' },
      UpdateExpression: 'ADD applicants :d',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(runId)',
      ExpressionAttributeValues: { ':d': delta },
    },
  };
}

// ---- running the draw ----------------------------------------------------------------------------

/** The applications, read consistently from the activity's own sign-ups (a page at a time). */
async function listApplied(activityId: string): Promise<Applicant[]> {
  const items = await queryAll({
    TableName: SIGNUPS(),
    KeyConditionExpression: 'activityId = :a',
    FilterExpression: '#status = :applied',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':a': activityId, ':applied': 'applied' },
    ProjectionExpression: 'memberId, memberName, memberNo, places',
    ConsistentRead: true,
  });
  return items.map((i) => ({
    key: entryKey(activityId, String(i.memberId)),
    memberId: String(i.memberId),
    name: String(i.memberName ?? ''),
    memberNo: String(i.memberNo ?? ''),
    places: Number(i.places),
  }));
}

export interface DrawRun {
  draw: DrawRecord;
  /** this call drew the order (false: it had been drawn, the same order) */
  drawnNow: boolean;
  /** every entry has its outcome (false: the time ran out, the sweeper finishes) */
  allocated: boolean;
}

/**
 * Draws the order once and allocates it. The order is fixed by one conditional write (the draw
 * item's runId, with the activity's drawnAt in the same transaction): of two runs at once, the one
 * that loses reads the winner's order. Allocation then walks the stored order; each entry moves only
 * if it is still 'applied', so a second run (or two at once) gives nothing twice. Progress is kept
 * per chunk, so a run cut short is finished by the next (the sweeper, every minute).
 */
export async function runDraw(activity: ActivityRecord, now = new Date(), deadline = Date.now() + 20_000): Promise<DrawRun> {
  let draw = await getDraw(activity.id, true);
  if (!draw) throw new Error(`no draw stored for ${activity.id}`);
  let drawnNow = false;
  // The order is fixed only if no application came or went since the counter was read before the
  // listing (applications and withdrawals move it in their own transactions, and are refused once
  // runId is set): an application in flight at the close is either in this order or refused (409),
  // never left 'applied'. A change in between draws again (it can only happen right at the close).
  for (let attempt = 0; !draw.runId; attempt++) {
    if (attempt === 5) throw new Error(`draw of ${activity.id}: applications kept changing`);
    const seen = draw.applicants;
    const capacity = activity.capacity ?? 0;
    const order = drawOrder(draw.seed, await listApplied(activity.id), capacity, activity.waitlist);
    const runId = randomUUID().slice(0, 8);
    const chunks = Math.ceil(order.length / ORDER_CHUNK);
    let waitedBefore = 0;
    for (let k = 0; k < chunks; k++) {
      const entries = order.slice(k * ORDER_CHUNK, (k + 1) * ORDER_CHUNK);
      await db().send(
        new PutCommand({ TableName: T(), Item: { pk: drawPk(activity.id), sk: `order#${runId}#${k}`, entries, waitedBefore } }),
      );
      waitedBefore += entries.filter((e) => e.outcome === 'waitlisted').length;
    }
    const won = order.filter((e) => e.outcome === 'won');
    const figures = {
      applicants: order.length,
      won: won.length,
      placesWon: won.reduce((n, e) => n + e.places, 0),
      waitlisted: order.filter((e) => e.outcome === 'waitlisted').length,
      capacity,
    };
    const drawnAt = now.toISOString();
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: T(),
                Key: { pk: drawPk(activity.id), sk: '-' },
                UpdateExpression:
                  'SET runId = :run, drawnAt = :at, chunks = :chunks, doneChunks = :zero, applicants = :applicants, won = :won, placesWon = :placesWon, waitlisted = :waitlisted, #capacity = :capacity',
                ConditionExpression: `attribute_not_exists(runId) AND ${seen === undefined ? 'attribute_not_exists(applicants)' : 'applicants = :seen'}`,
                ExpressionAttributeNames: { '#capacity': 'capacity' }, // a reserved word
                ExpressionAttributeValues: {
                  ':run': runId,
                  ':at': drawnAt,
                  ':chunks': chunks,
                  ':zero': 0,
                  ...prefixed(figures),
                  ...(seen === undefined ? {} : { ':seen': seen }),
                },
              },
            },
            {
              Update: {
                TableName: tableName('activities'),
                Key: { id: activity.id },
                // the figures too: staff's 摇号 card shows the result of a draw the sweeper ran
                UpdateExpression:
                  'SET #draw.drawnAt = :at, #draw.applicants = :applicants, #draw.won = :won, #draw.placesWon = :placesWon, #draw.waitlisted = :waitlisted',
                ConditionExpression: 'attribute_exists(#draw)',
                ExpressionAttributeNames: { '#draw': 'draw' },
                ExpressionAttributeValues: {
                  ':at': drawnAt,
                  ':applicants': figures.applicants,
                  ':won': figures.won,
                  ':placesWon': figures.placesWon,
                  ':waitlisted': figures.waitlisted,
                },
              },
            },
          ],
        }),
      );
      drawnNow = true;
    } catch (error) {
      if (!failedConditions(error) && !isTransactionConflict(error)) throw error;
      log.info('the order was not fixed by this run (drawn by another, or an application came or went)', {
        activityId: activity.id,
      });
    }
    draw = (await getDraw(activity.id, true))!;
  }

  const allocated = draw.allocatedAt ? true : await allocate(activity, draw, now, deadline);
  if (allocated && !draw.allocatedAt) {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { pk: drawPk(activity.id), sk: '-' },
        UpdateExpression: 'SET allocatedAt = if_not_exists(allocatedAt, :at) REMOVE drawQueue',
        ExpressionAttributeValues: { ':at': now.toISOString() },
      }),
    );
    draw = (await getDraw(activity.id, true))!;
  }
  return { draw, drawnNow, allocated };
}

const prefixed = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`:${k}`, v]));

/**
 * Allocates the stored order from the first chunk not done; false if `deadline` came first. A won
 * entry that finds no room (the capacity was lowered after the order was fixed) waits instead, at its
 * draw position: its position on the list counts the waitlisted entries before it and those moved
 * before it (`waitShift`, kept with `doneChunks`), and the published entry is marked (chunk `noRoom`).
 */
async function allocate(activity: ActivityRecord, draw: DrawRecord, now: Date, deadline: number): Promise<boolean> {
  const statsPath = await activityStatsPath(activity);
  let counters: Counter[] | null = null;
  let shift = draw.waitShift ?? 0;
  for (let k = draw.doneChunks ?? 0; k < (draw.chunks ?? 0); k++) {
    const chunkKey = { pk: drawPk(activity.id), sk: `order#${draw.runId}#${k}` };
    const { Item } = await db().send(new GetCommand({ TableName: T(), Key: chunkKey, ConsistentRead: true }));
    const chunk = recordOf(ChunkRecord, Item!);
    const others: StoredEntry[] = [];
    const noRoom: number[] = [];
    let waitedBefore = chunk.waitedBefore ?? 0;
    for (const e of chunk.entries) {
      if (Date.now() > deadline) return false;
      if (e.outcome !== 'won') {
        if (e.outcome === 'waitlisted') waitedBefore++;
        others.push(e.outcome === 'waitlisted' ? { ...e, waitPosition: (e.waitPosition ?? waitedBefore) + shift } : e);
        continue;
      }
      counters ??= await readCounters(activity, true);
      const moved = await allocateWon(activity, e, counters, statsPath, now);
      // no room after all (the capacity was lowered since the order was drawn): the entry waits
      if (moved === 'no-room') {
        noRoom.push(e.position);
        if (activity.waitlist) shift++;
        others.push(
          activity.waitlist ? { ...e, outcome: 'waitlisted', waitPosition: waitedBefore + shift } : { ...e, outcome: 'not-drawn' },
        );
      }
    }
    if (noRoom.length > 0)
      await db().send(
        new UpdateCommand({
          TableName: T(),
          Key: chunkKey,
          UpdateExpression: 'ADD noRoom :p',
          ExpressionAttributeValues: { ':p': new Set(noRoom) },
        }),
      );
    // those who did not win: a few dozen per transaction (each is their sign-up and their message)
    for (let i = 0; i < others.length; i += 40) {
      if (Date.now() > deadline) return false;
      await allocateOthers(activity, others.slice(i, i + 40), now);
    }
    await db()
      .send(
        new UpdateCommand({
          TableName: T(),
          Key: { pk: drawPk(activity.id), sk: '-' },
          UpdateExpression: 'SET doneChunks = :next, waitShift = :shift',
          ConditionExpression: 'doneChunks < :next',
          ExpressionAttributeValues: { ':next': k + 1, ':shift': shift },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailed(error)) throw error; // another run got there first
      });
  }
  return true;
}

/** The member's history step of a win: SET this activity, REMOVE the oldest beyond HISTORY_KEEP. */
async function historyStep(activity: ActivityRecord, memberId: string) {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: historyKey(memberId, activity.orgId), ConsistentRead: true }));
  const wins = winsOf(Item);
  const stale = wins
    .filter((w) => w.activityId !== activity.id)
    .sort((a, b) => b.endsAt.localeCompare(a.endsAt))
    .slice(HISTORY_KEEP - 1);
  const names: Record<string, string> = { '#w': winAttr(activity.id) };
  stale.forEach((w, i) => (names[`#old${i}`] = winAttr(w.activityId)));
  return {
    Update: {
      TableName: T(),
      Key: historyKey(memberId, activity.orgId),
      UpdateExpression: `SET #w = :win${stale.length ? ` REMOVE ${stale.map((_, i) => `#old${i}`).join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':win': { endsAt: activity.endsAt } },
    },
  };
}

/** A won entry: its places on a counter, its sign-up confirmed, counted, told, and kept in its history. */
async function allocateWon(
  activity: ActivityRecord,
  e: StoredEntry,
  counters: Counter[],
  statsPath: readonly string[],
  now: Date,
): Promise<'done' | 'already' | 'no-room'> {
  const memberId = memberOf(e);
  // the no-show history only counts draws that have the rule (a win elsewhere is not held against anyone)
  const history = activity.noShow ? await historyStep(activity, memberId) : null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const counter = counters.find((c) => c.capacity - c.confirmed >= e.places);
    if (!counter) return 'no-room';
    try {
      await withConflictRetry(() =>
        db().send(
          new TransactWriteCommand({
            TransactItems: [
              takePlaces(counter, e.places),
              {
                Update: {
                  TableName: SIGNUPS(),
                  Key: { activityId: activity.id, memberId },
                  UpdateExpression: 'SET #status = :confirmed, activityStatus = :as, counterId = :counter, drawPosition = :pos',
                  ConditionExpression: '#status = :applied',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':confirmed': 'confirmed',
                    ':as': `${activity.id}#confirmed`,
                    ':counter': counter.id,
                    ':pos': e.position,
                    ':applied': 'applied',
                  },
                },
              },
              ...(history ? [history] : []),
              eventStep(drawOutcome(activity, memberId, { outcome: 'won', position: e.position }, now)),
              ...statsSteps(statsPath, now, { activities: { signups: 1 } }),
            ],
          }),
        ),
      );
      counter.confirmed += e.places;
      return 'done';
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      if (failed[1]) return 'already'; // allocated by another run (or withdrawn)
      // the counter moved (another run, a capacity change): read the counters again
      const fresh = await readCounters(activity, true);
      counters.splice(0, counters.length, ...fresh);
    }
  }
  throw new Error(`draw of ${activity.id}: counters kept moving`);
}

/** Entries that did not win: waitlisted in draw order (queueKey = position), or not drawn. */
async function allocateOthers(activity: ActivityRecord, entries: StoredEntry[], now: Date): Promise<void> {
  const stepsOf = (e: StoredEntry) => {
    const waiting = e.outcome === 'waitlisted';
    return [
      {
        Update: {
          TableName: SIGNUPS(),
          Key: { activityId: activity.id, memberId: memberOf(e) },
          UpdateExpression: waiting
            ? 'SET #status = :to, activityStatus = :as, queueKey = :queue, drawPosition = :pos'
            : 'SET #status = :to, activityStatus = :as, drawPosition = :pos, expiresAt = :purge',
          ConditionExpression: '#status = :applied',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': e.outcome,
            ':as': `${activity.id}#${e.outcome}`,
            ':pos': e.position,
            ':applied': 'applied',
            ...(waiting
              ? { ':queue': `${String(e.position).padStart(6, '0')}#${memberOf(e)}` }
              : { ':purge': Math.floor(now.getTime() / 1000) + PURGE_AFTER_S }),
          },
        },
      },
      eventStep(
        drawOutcome(
          activity,
          memberOf(e),
          e.outcome === 'waitlisted'
            ? { outcome: 'waitlisted', position: e.position, waitPosition: e.waitPosition ?? 1 }
            : { outcome: 'not-drawn', position: e.position },
          now,
        ),
      ),
    ];
  };
  if (entries.length === 0) return;
  try {
    await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: entries.flatMap(stepsOf) })));
    return;
  } catch (error) {
    if (!failedConditions(error)) throw error;
  }
  // some had moved already (another run): one by one, skipping those
  for (const e of entries) {
    try {
      await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: stepsOf(e) })));
    } catch (error) {
      if (!failedConditions(error)) throw error;
    }
  }
}

// ---- the no-show rule ----------------------------------------------------------------------------

interface Win {
  activityId: string;
  endsAt: string;
  attended?: string;
  released?: string;
}
const WinValue = z.object({ endsAt: z.string(), attended: z.string().optional(), released: z.string().optional() });

function winsOf(item: Record<string, unknown> | undefined): Win[] {
  if (!item) return [];
  return Object.entries(item)
    .filter(([name]) => name.startsWith('w_'))
    .map(([name, value]) => ({ activityId: name.slice(2), ...WinValue.parse(value) }));
}

/** How many of the member's last `of` won places (ended) they missed: no check-in, not given back before the start. */
export function missedOf(wins: Win[], of: number, now: Date): number {
  return wins
    .filter((w) => w.endsAt <= now.toISOString())
    .sort((a, b) => b.endsAt.localeCompare(a.endsAt))
    .slice(0, of)
    .filter((w) => !w.attended && !w.released).length;
}

export const noShowMessage = (of: number, n: number) => `您最近 ${of} 次中签有 ${n} 次未签到，本期不能参加摇号`;

/**
 * Why each of these draw activities bars the member by its no-show rule (absent: not barred): one
 * BatchGetItem of the member's histories (one per org) and their pardons, whatever the page holds.
 */
export async function noShowBars(memberId: string, activities: ActivityRecord[], now = new Date()): Promise<Map<string, string>> {
  const ruled = activities.filter((a) => a.allocation === 'draw' && a.noShow);
  const bars = new Map<string, string>();
  if (ruled.length === 0) return bars;
  const keys = [
    ...[...new Set(ruled.map((a) => a.orgId))].map((orgId) => historyKey(memberId, orgId)),
    ...ruled.map((a) => ({ pk: drawPk(a.id), sk: `pardon#${memberId}` })),
  ];
  const found: Record<string, unknown>[] = [];
  let pending: Record<string, unknown>[] | undefined = keys;
  for (let round = 0; pending?.length; round++) {
    if (round > 5) throw new Error('noShowBars: keys unread after retries');
    if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
    const reply: BatchGetCommandOutput = await db().send(
      new BatchGetCommand({ RequestItems: { [T()]: { Keys: pending, ConsistentRead: true } } }),
    );
    found.push(...(reply.Responses?.[T()] ?? []));
    pending = reply.UnprocessedKeys?.[T()]?.Keys;
  }
  for (const a of ruled) {
    if (found.some((i) => i.pk === drawPk(a.id) && i.sk === `pardon#${memberId}`)) continue;
    const history = found.find((i) => i.pk === `noshow#${memberId}` && i.sk === a.orgId);
    const missed = missedOf(winsOf(history), a.noShow!.of, now);
    if (missed >= a.noShow!.missed) bars.set(a.id, noShowMessage(a.noShow!.of, missed));
  }
  return bars;
}

/** Check-in at a draw's activity: the member's won place is marked attended (nothing if they had none). */
export async function markAttended(activity: Pick<ActivityRecord, 'id' | 'orgId'>, memberId: string, at: Date): Promise<void> {
  await markWin(activity, memberId, 'attended', at);
}

/** A won place given back before the start (cancelled): not a no-show. */
export async function markReleased(activity: Pick<ActivityRecord, 'id' | 'orgId'>, memberId: string, at: Date): Promise<void> {
  await markWin(activity, memberId, 'released', at);
}

async function markWin(activity: Pick<ActivityRecord, 'id' | 'orgId'>, memberId: string, field: 'attended' | 'released', at: Date) {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: historyKey(memberId, activity.orgId),
        UpdateExpression: `SET #w.#f = :at`,
        ConditionExpression: 'attribute_exists(#w)',
        ExpressionAttributeNames: { '#w': winAttr(activity.id), '#f': field },
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error; // no won place of this draw: nothing to mark
  }
}

/** A pardon: the member may enter this activity's draw despite the no-show rule. */
export async function putPardon(activityId: string, memberId: string, reason: string, by: string, now = new Date()): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: T(),
      Item: { pk: drawPk(activityId), sk: `pardon#${memberId}`, activityId, memberId, reason, by, at: now.toISOString() },
    }),
  );
}

/** The close time the sweeper waits for (the window was moved after publishing). */
export async function putDrawClose(activityId: string, closesAt: string): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: T(),
        Key: { pk: drawPk(activityId), sk: '-' },
        UpdateExpression: 'SET closesAt = :at',
        ConditionExpression: 'attribute_not_exists(runId)',
        ExpressionAttributeValues: { ':at': closesAt },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailed(error)) throw error;
    });
}

/** A draw the sweeper need not look at again (its activity is gone: a publish that failed after the seed was stored). */
export async function dropFromQueue(activityId: string): Promise<void> {
  await db().send(new UpdateCommand({ TableName: T(), Key: { pk: drawPk(activityId), sk: '-' }, UpdateExpression: 'REMOVE drawQueue' }));
}
