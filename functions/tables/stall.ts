import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { StallResult, type Lease, type StallAction, type TallyTarget } from '../../shared/schemas/stall';
import { db, tableName } from '../lib/db';
import { failedConditions, isConditionFailed, isTransactionConflict, queryPage, withConflictRetry, type Item } from '../lib/dynamo';
import { statsChangeSteps, statsSteps } from './stats';

/**
 * Stall mode's items of the outreach table (issue 12, docs/outreach.md "Stall actions and sync"),
 * all under the event's partition `event#<id>`:
 *   svc#<key>               a service's counters: registered, waitlisted, leased (places held by
 *                           devices, not used yet), tallied (people served, by tally), taken
 *                           (= registered + leased: the places no longer free; the one a condition
 *                           can compare, as DynamoDB conditions do no sums) and capacity as last seen
 *   tally                   consult, leaflet, aidCard
 *   lease#<device>#<svc>    places a device may hand out offline, used, leaseExpiresAt; leaseBucket
 *                           'lease' puts it in the sparse `leases` index the sweep reads
 *   reg#<svc>#<memberNo>    one per member and service (the uniqueness marker): status registered |
 *                           waitlisted, at, deviceId, by
 *   act#<key>               a stall action's answer, the same on every replay; TTL 30 days
 * Every write of an action is one transaction that begins with the Put of its act# item
 * (attribute_not_exists): a replayed or twice-uploaded action finds it and counts nothing again.
 */

const T = () => tableName('outreach');
const pkOf = (eventId: string) => `event#${eventId}`;
const svcKey = (eventId: string, service: string) => ({ pk: pkOf(eventId), sk: `svc#${service}` });
const tallyKey = (eventId: string) => ({ pk: pkOf(eventId), sk: 'tally' });
const leaseKey = (eventId: string, deviceId: string, service: string) => ({ pk: pkOf(eventId), sk: `lease#${deviceId}#${service}` });
const regKey = (eventId: string, service: string, memberNo: string) => ({ pk: pkOf(eventId), sk: `reg#${service}#${memberNo}` });
const actKey = (eventId: string, key: string) => ({ pk: pkOf(eventId), sk: `act#${key}` });

/** How long an action's answer is kept for replays (a device offline for weeks is not expected). */
export const ANSWER_KEPT_DAYS = 30;
/** A lease not returned is given back by the sweep this long after it was last topped up. */
export const LEASE_HOURS = 12;
const LEASE_BUCKET = 'lease';

type Step = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

// ---- answers -----------------------------------------------------------------------------------

const StoredAnswer = z.object({ result: StallResult });

/** The Put of an action's answer: only if the action was never answered (its idempotency). */
export function answerStep(
  eventId: string,
  result: StallResult,
  meta: { kind: StallAction['kind']; deviceId: string; by: string },
  now = new Date(),
): Step {
  return {
    Put: {
      TableName: T(),
      Item: {
        ...actKey(eventId, result.key),
        result,
        kind: meta.kind,
        deviceId: meta.deviceId,
        by: meta.by,
        answeredAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + ANSWER_KEPT_DAYS * 24 * 3600,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The answers already given to some actions (one BatchGetItem, ≤ 100 keys), by `<eventId>\0<key>`. */
export async function readAnswers(actions: readonly { eventId: string; key: string }[]): Promise<Map<string, StallResult>> {
  const found = new Map<string, StallResult>();
  const unique = new Map(actions.map((a) => [`${a.eventId}\u0000${a.key}`, actKey(a.eventId, a.key)]));
  let keys = [...unique.values()];
  if (keys.length > 100) throw new Error('at most 100 answers a batch');
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt === 8) throw new Error('answers not read after retries');
    if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    const reply = await db().send(new BatchGetCommand({ RequestItems: { [T()]: { Keys: keys, ConsistentRead: true } } }));
    for (const item of reply.Responses?.[T()] ?? []) {
      const eventId = String(item.pk).slice('event#'.length);
      found.set(`${eventId}\u0000${String(item.sk).slice('act#'.length)}`, StoredAnswer.parse(item).result);
    }
    keys = (reply.UnprocessedKeys?.[T()]?.Keys ?? []) as typeof keys;
  }
  return found;
}

/** The answer stored by whoever answered first, when an action's own transaction found it answered. */
export async function storedAnswer(eventId: string, key: string): Promise<StallResult> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: actKey(eventId, key), ConsistentRead: true }));
  if (!Item) throw new Error('answer missing after its condition failed');
  return StoredAnswer.parse(Item).result;
}

/**
 * Keeps an answer that wrote nothing else (already, not eligible, unknown service): the answer
 * given first wins, so a replay racing this one gets the same.
 */
export async function keepAnswer(
  eventId: string,
  result: StallResult,
  meta: { kind: StallAction['kind']; deviceId: string; by: string },
): Promise<StallResult> {
  try {
    await db().send(new PutCommand(answerStep(eventId, result, meta).Put as ConstructorParameters<typeof PutCommand>[0]));
    return result;
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    return storedAnswer(eventId, result.key);
  }
}

type Commit = { ok: true } | { answered: StallResult } | { failed: number; item?: Record<string, unknown> };

/** The item a failed step held (ReturnValuesOnConditionCheckFailure), as plain values. */
function itemSeen(error: unknown, index: number): Record<string, unknown> | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const raw = error.CancellationReasons?.[index]?.Item as Record<string, { S?: string; N?: string }> | undefined;
  if (!raw) return undefined;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.S ?? (v.N !== undefined ? Number(v.N) : undefined)]));
}

/**
 * One action's transaction: its answer (must be new), then `steps`. `answered` when the action had
 * an answer already (the stored one), `failed` with the index in `steps` of the first step whose
 * condition failed (and what that item held, if the step asked for it). Conflicts are retried.
 */
async function commit(eventId: string, answer: Step, steps: Step[]): Promise<Commit> {
  try {
    await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: [answer, ...steps] })));
    return { ok: true };
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    if (failed[0]) return { answered: await storedAnswer(eventId, (answer.Put!.Item as { sk: string }).sk.slice('act#'.length)) };
    const index = failed.indexOf(true) - 1;
    return { failed: index, item: itemSeen(error, index + 1) };
  }
}

// ---- counters ----------------------------------------------------------------------------------

export const ServiceCounter = z.object({
  registered: z.number().int().default(0),
  waitlisted: z.number().int().default(0),
  leased: z.number().int().default(0),
  tallied: z.number().int().default(0),
  taken: z.number().int().default(0),
});
export type ServiceCounter = z.infer<typeof ServiceCounter>;
const TallyCounts = z.object({
  consult: z.number().int().default(0),
  leaflet: z.number().int().default(0),
  aidCard: z.number().int().default(0),
});
export type TallyCounts = z.infer<typeof TallyCounts>;

/**
 * An event's service counters and tally: one Query of its partition from `svc#` on (the svc#
 * items sort just before `tally`, after every reg# and lease# item, so none of those is read).
 */
export async function readCounters(eventId: string): Promise<{ services: Map<string, ServiceCounter>; tally: TallyCounts }> {
  const reply = await db().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: { ':pk': pkOf(eventId), ':from': 'svc#' },
      ConsistentRead: true,
    }),
  );
  const services = new Map<string, ServiceCounter>();
  let tally = TallyCounts.parse({});
  for (const item of reply.Items ?? []) {
    const sk = String(item.sk);
    if (sk.startsWith('svc#')) services.set(sk.slice(4), ServiceCounter.parse(item));
    else if (sk === 'tally') tally = TallyCounts.parse(item);
  }
  return { services, tally };
}

function counterStep(
  eventId: string,
  service: string,
  add: Partial<Record<keyof ServiceCounter, number>>,
  condition?: { expression: string; values: Record<string, unknown> },
  capacity?: number,
): Step {
  const entries = Object.entries(add).filter(([, by]) => by !== 0);
  return {
    Update: {
      TableName: T(),
      Key: svcKey(eventId, service),
      UpdateExpression: [
        capacity !== undefined ? 'SET #capacity = :capacity' : '',
        entries.length > 0 ? `ADD ${entries.map(([name]) => `#${name} :${name}`).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(' '),
      ...(condition ? { ConditionExpression: condition.expression } : {}),
      ExpressionAttributeNames: {
        ...Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
        ...(capacity !== undefined ? { '#capacity': 'capacity' } : {}),
        ...(condition?.expression.includes('#taken') ? { '#taken': 'taken' } : {}),
        ...(condition?.expression.includes('#tallied') ? { '#tallied': 'tallied' } : {}),
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(entries.map(([name, by]) => [`:${name}`, by])),
        ...(capacity !== undefined ? { ':capacity': capacity } : {}),
        ...condition?.values,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** While at least `places` of `capacity` are not taken (registered or leased). */
const freeFor = (capacity: number, places: number) => ({
  expression: 'attribute_not_exists(#taken) OR #taken <= :limit',
  values: { ':limit': capacity - places },
});

// ---- registrations -----------------------------------------------------------------------------

export interface Registration {
  eventId: string;
  service: string;
  /** the service's capacity on the event as read; none: unlimited */
  capacity?: number;
  memberNo: string;
  deviceId: string;
  /** the staff member's user id */
  by: string;
  at: string;
  /** try this device's lease first (a registration the device made on a leased place) */
  useLease: boolean;
  /** the host org's path and the event: where a place is counted (stats `services`) */
  statsPath: readonly string[];
}

export type RegisterOutcome =
  | { placed: 'lease' | 'pool' | 'unlimited'; result: StallResult }
  | { waitlisted: StallResult }
  | { already: 'registered' | 'waitlisted' }
  | { answered: StallResult };

/**
 * A member's place in a service, exactly once: from this device's lease (lease.used + 1 ≤ places;
 * the counter's leased place becomes registered), else a free place of the pool (taken + 1 ≤
 * capacity), else the waiting list. Each try is one transaction with the action's answer, the
 * registration marker (one per member and service) and the stats; under many syncs at once the
 * conditions keep every count exact, and conflicts are retried.
 */
export async function register(
  r: Registration,
  answers: { done: StallResult; waitlisted: StallResult },
  meta: { kind: 'register'; deviceId: string; by: string },
  now = new Date(),
): Promise<RegisterOutcome> {
  const marker = (status: 'registered' | 'waitlisted'): Step => ({
    Put: {
      TableName: T(),
      Item: { ...regKey(r.eventId, r.service, r.memberNo), status, at: r.at, deviceId: r.deviceId, by: r.by, syncedAt: now.toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  });
  const counted = statsSteps(r.statsPath, r.at, { services: { [r.service]: 1 } });
  const tries: { placed: 'lease' | 'pool' | 'unlimited'; steps: Step[] }[] = [];
  if (r.capacity === undefined) {
    // `taken` is kept here too: should staff give the service a capacity later, the places already
    // registered are taken ones (else the pool would hand out the capacity again on top of them)
    tries.push({
      placed: 'unlimited',
      steps: [marker('registered'), counterStep(r.eventId, r.service, { registered: 1, taken: 1 }), ...counted],
    });
  } else {
    if (r.useLease) {
      tries.push({
        placed: 'lease',
        steps: [
          marker('registered'),
          {
            Update: {
              TableName: T(),
              Key: leaseKey(r.eventId, r.deviceId, r.service),
              UpdateExpression: 'ADD used :one',
              ConditionExpression: 'attribute_exists(pk) AND used < places',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          counterStep(r.eventId, r.service, { registered: 1, leased: -1 }, undefined, r.capacity),
          ...counted,
        ],
      });
    }
    if (r.capacity >= 1) {
      tries.push({
        placed: 'pool',
        steps: [
          marker('registered'),
          counterStep(r.eventId, r.service, { registered: 1, taken: 1 }, freeFor(r.capacity, 1), r.capacity),
          ...counted,
        ],
      });
    }
  }
  const answer = (result: StallResult) => answerStep(r.eventId, result, meta, now);
  for (const t of tries) {
    const outcome = await commit(r.eventId, answer(answers.done), t.steps);
    if ('ok' in outcome) return { placed: t.placed, result: answers.done };
    if ('answered' in outcome) return outcome;
    if (outcome.failed === 0) return { already: outcome.item?.status === 'waitlisted' ? 'waitlisted' : 'registered' };
    // the lease is used up (or gone), or the pool is full: the next way
  }
  const outcome = await commit(r.eventId, answer(answers.waitlisted), [
    marker('waitlisted'),
    counterStep(r.eventId, r.service, { waitlisted: 1 }),
  ]);
  if ('ok' in outcome) return { waitlisted: answers.waitlisted };
  if ('answered' in outcome) return outcome;
  return { already: outcome.item?.status === 'waitlisted' ? 'waitlisted' : 'registered' };
}

// ---- tallies -----------------------------------------------------------------------------------

export type TallyOutcome = { ok: true } | { answered: StallResult } | { belowZero: true };

/**
 * +count (−count for 撤销) on a tally (咨询 / 宣传册 / 互助服务卡) or on a service's people served,
 * with the stats (`tallies` / `services`) in the same transaction; a counter never goes below 0.
 */
export async function tally(
  t: { eventId: string; target: TallyTarget } | { eventId: string; service: string },
  count: number,
  at: string,
  statsPath: readonly string[],
  answer: StallResult,
  meta: { kind: 'tally'; deviceId: string; by: string },
  now = new Date(),
): Promise<TallyOutcome> {
  const notBelowZero = count < 0 ? { expression: '#c >= :least', values: { ':least': -count } } : undefined;
  const step: Step =
    'target' in t
      ? {
          Update: {
            TableName: T(),
            Key: tallyKey(t.eventId),
            UpdateExpression: 'ADD #c :by',
            ...(notBelowZero ? { ConditionExpression: notBelowZero.expression } : {}),
            ExpressionAttributeNames: { '#c': t.target },
            ExpressionAttributeValues: { ':by': count, ...notBelowZero?.values },
          },
        }
      : counterStep(
          t.eventId,
          t.service,
          { tallied: count },
          count < 0 ? { expression: '#tallied >= :least', values: { ':least': -count } } : undefined,
        );
  const increments = 'target' in t ? { tallies: { [t.target]: count } } : { services: { [t.service]: count } };
  const outcome = await commit(t.eventId, answerStep(t.eventId, answer, meta, now), [step, ...statsSteps(statsPath, at, increments)]);
  if ('ok' in outcome) return { ok: true };
  if ('answered' in outcome) return outcome;
  return { belowZero: true };
}

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

export interface TallyEntry {
  target?: TallyTarget;
  service?: string;
  /** > 0: an undo (−n) has its own not-below-zero condition and goes through `tally` */
  count: number;
  at: string;
  answer: StallResult;
}

/**
 * Several +n tallies of one event in ONE transaction (a device's queue of taps synced together):
 * the answer of each (each must be new), one ADD per counter item with the sums, and the stats
 * items once each with the sums. Per action, every tally of an event would write the same stats
 * items (the city's day among them) in its own transaction, and transactions on one item run one
 * at a time: a queue of 60 taps would be 60 conflicting transactions instead of one.
 * Returns the entries that did not fit in one transaction (the caller sends them again); `false`
 * when an answer already existed (a replay or the same queue uploaded twice at once): nothing was
 * written, and the caller answers each action alone (each finds its stored answer or writes once).
 */
export async function tallyBatch(
  eventId: string,
  entries: readonly TallyEntry[],
  statsPath: readonly string[],
  meta: { deviceId: string; by: string },
  now = new Date(),
): Promise<{ rest: TallyEntry[] } | false> {
  const steps = (batch: readonly TallyEntry[]): Step[] => {
    const targets = new Map<string, number>();
    const services = new Map<string, number>();
    for (const e of batch) {
      if (e.target) targets.set(e.target, (targets.get(e.target) ?? 0) + e.count);
      else services.set(e.service!, (services.get(e.service!) ?? 0) + e.count);
    }
    const tallyStep: Step[] = targets.size
      ? [
          {
            Update: {
              TableName: T(),
              Key: tallyKey(eventId),
              UpdateExpression: `ADD ${[...targets.keys()].map((_, i) => `#t${i} :t${i}`).join(', ')}`,
              ExpressionAttributeNames: Object.fromEntries([...targets.keys()].map((t, i) => [`#t${i}`, t])),
              ExpressionAttributeValues: Object.fromEntries([...targets.values()].map((n, i) => [`:t${i}`, n])),
            },
          },
        ]
      : [];
    return [
      ...batch.map((e) => answerStep(eventId, e.answer, { kind: 'tally', ...meta }, now)),
      ...tallyStep,
      ...[...services].map(([service, n]) => counterStep(eventId, service, { tallied: n })),
      ...statsChangeSteps(
        statsPath,
        batch.map((e) => ({
          at: e.at,
          increments: e.target ? { tallies: { [e.target]: e.count } } : { services: { [e.service!]: e.count } },
        })),
      ),
    ];
  };
  // as many as fit in one transaction (the stats items grow with the days the taps span)
  let size = entries.length;
  while (size > 1 && steps(entries.slice(0, size)).length > MAX_TRANSACTION_ITEMS) size = Math.ceil(size / 2);
  try {
    await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: steps(entries.slice(0, size)) })));
  } catch (error) {
    if (!failedConditions(error)) throw error;
    return false;
  }
  return { rest: entries.slice(size) };
}

// ---- leases ------------------------------------------------------------------------------------

const LeaseRecord = z.object({ places: z.number().int(), used: z.number().int().default(0), leaseExpiresAt: z.string() });
type LeaseRecord = z.infer<typeof LeaseRecord>;

const leaseView = (service: string, l: LeaseRecord | null, now: Date): Lease =>
  l
    ? { service, places: l.places, used: l.used, expiresAt: l.leaseExpiresAt }
    : { service, places: 0, used: 0, expiresAt: now.toISOString() };

/** This device's leases on some services (one BatchGetItem). */
export async function readLeases(eventId: string, deviceId: string, services: readonly string[]): Promise<Lease[]> {
  if (services.length === 0) return [];
  let keys = [...new Set(services)].map((s) => leaseKey(eventId, deviceId, s));
  const leases: Lease[] = [];
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt === 8) throw new Error('leases not read after retries');
    if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    const reply = await db().send(new BatchGetCommand({ RequestItems: { [T()]: { Keys: keys, ConsistentRead: true } } }));
    for (const item of reply.Responses?.[T()] ?? []) {
      const service = String(item.sk).split('#').slice(2).join('#');
      leases.push(leaseView(service, LeaseRecord.parse(item), new Date()));
    }
    keys = (reply.UnprocessedKeys?.[T()]?.Keys ?? []) as typeof keys;
  }
  return leases;
}

async function readLease(eventId: string, deviceId: string, service: string): Promise<LeaseRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: leaseKey(eventId, deviceId, service), ConsistentRead: true }));
  return Item ? LeaseRecord.parse(Item) : null;
}

async function readTaken(eventId: string, service: string): Promise<number> {
  const { Item } = await db().send(
    new GetCommand({ TableName: T(), Key: svcKey(eventId, service), ConsistentRead: true, ProjectionExpression: 'taken' }),
  );
  return ServiceCounter.parse(Item ?? {}).taken;
}

const busy = () => Object.assign(new Error('lease kept changing'), { name: 'LeaseBusy' });

/**
 * Tops this device's lease on a service up to `wanted` unused places, from what is free (possibly
 * none): one transaction moving places from the pool (taken + n ≤ capacity) to the lease, which
 * runs out LEASE_HOURS after this. Returns the lease as it is now (`granted` places added).
 */
export async function takeLease(
  l: { eventId: string; deviceId: string; service: string; capacity: number; wanted: number },
  now = new Date(),
): Promise<{ lease: Lease; granted: number }> {
  const expiresAt = new Date(now.getTime() + LEASE_HOURS * 3600_000).toISOString();
  for (let attempt = 0; attempt < 8; attempt++) {
    const [lease, taken] = await Promise.all([readLease(l.eventId, l.deviceId, l.service), readTaken(l.eventId, l.service)]);
    const unused = lease ? lease.places - lease.used : 0;
    const grant = Math.min(l.wanted - unused, l.capacity - taken);
    if (grant <= 0) return { lease: leaseView(l.service, lease, now), granted: 0 };
    const leaseStep: Step = lease
      ? {
          Update: {
            TableName: T(),
            Key: leaseKey(l.eventId, l.deviceId, l.service),
            UpdateExpression: 'SET places = :places, leaseExpiresAt = :until, leaseBucket = :bucket',
            ConditionExpression: 'places = :was AND used = :used',
            ExpressionAttributeValues: {
              ':places': lease.places + grant,
              ':was': lease.places,
              ':used': lease.used,
              ':until': expiresAt,
              ':bucket': LEASE_BUCKET,
            },
          },
        }
      : {
          Put: {
            TableName: T(),
            Item: {
              ...leaseKey(l.eventId, l.deviceId, l.service),
              places: grant,
              used: 0,
              leaseExpiresAt: expiresAt,
              leaseBucket: LEASE_BUCKET,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        };
    try {
      await withConflictRetry(() =>
        db().send(
          new TransactWriteCommand({
            TransactItems: [
              counterStep(l.eventId, l.service, { taken: grant, leased: grant }, freeFor(l.capacity, grant), l.capacity),
              leaseStep,
            ],
          }),
        ),
      );
      const after = { places: (lease?.places ?? 0) + grant, used: lease?.used ?? 0, leaseExpiresAt: expiresAt };
      return { lease: leaseView(l.service, after, now), granted: grant };
    } catch (error) {
      if (!failedConditions(error)) throw error;
      // places taken or the lease used meanwhile: read again
    }
  }
  throw busy();
}

/**
 * Gives a lease's unused places back to the pool and ends it: one transaction, conditional on the
 * lease being as read (a registration using it meanwhile reads again). With `expiredBy`, only a
 * lease that ran out by then (the sweep: a lease topped up meanwhile is left alone). Returns the
 * places given back, or null when there was no such lease.
 */
export async function returnLease(eventId: string, deviceId: string, service: string, expiredBy?: Date): Promise<number | null> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const lease = await readLease(eventId, deviceId, service);
    if (!lease) return null;
    if (expiredBy && lease.leaseExpiresAt > expiredBy.toISOString()) return null;
    const unused = Math.max(0, lease.places - lease.used);
    try {
      await withConflictRetry(() =>
        db().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: T(),
                  Key: leaseKey(eventId, deviceId, service),
                  ConditionExpression: 'places = :places AND used = :used AND leaseExpiresAt = :until',
                  ExpressionAttributeValues: { ':places': lease.places, ':used': lease.used, ':until': lease.leaseExpiresAt },
                },
              },
              ...(unused > 0 ? [counterStep(eventId, service, { taken: -unused, leased: -unused })] : []),
            ],
          }),
        ),
      );
      return unused;
    } catch (error) {
      if (!failedConditions(error) && !isTransactionConflict(error)) throw error;
    }
  }
  throw busy();
}

/** Leases that ran out by `now`, oldest first (the sparse `leases` index: one Query, ≤ `limit`). */
export async function expiredLeases(now: Date, limit = 100): Promise<{ eventId: string; deviceId: string; service: string }[]> {
  const page = await queryPage({
    TableName: T(),
    IndexName: 'leases',
    KeyConditionExpression: 'leaseBucket = :bucket AND leaseExpiresAt <= :now',
    ExpressionAttributeValues: { ':bucket': LEASE_BUCKET, ':now': now.toISOString() },
    Limit: limit,
  });
  return page.items.map((item: Item) => {
    const [, deviceId, ...service] = String(item.sk).split('#');
    return { eventId: String(item.pk).slice('event#'.length), deviceId: deviceId!, service: service.join('#') };
  });
}

/**
 * The outreach event an activity names, read from its item as stored (an activity record read
 * before it knew of events drops the attribute): one GetItem of one attribute.
 */
export async function activityEventId(activityId: string): Promise<string | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('activities'), Key: { id: activityId }, ProjectionExpression: 'eventId' }),
  );
  return typeof Item?.eventId === 'string' ? Item.eventId : undefined;
}
