import { randomInt } from 'node:crypto';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { beijingDate } from '../../shared/beijing-time';
import { StationKind } from '../../shared/schemas/station';
import { db, tableName } from '../lib/db';

/**
 * stats table: counters kept when things happen (docs/outreach.md, "stats"), so a report for any org
 * and period reads a few items, never its subtree.
 *   pk <orgId>#d<yyyy-mm-dd> (Beijing day) or <orgId>#m<yyyy-mm> (Beijing month), sk the family
 *   (`events`, `joins`, `services`, `tallies`, `activities`); each counter an attribute added to with ADD.
 *   pk <orgId>#all, sk `stations`: what stands now (the subtree's stations: `total`, `k<kind>`,
 *   `allDay`), not per period.
 * A thing that happens adds to the day and month items of its org and of every ancestor (a path of
 * ≤ 5 orgs: ≤ 10 Update steps per family), in the same transaction as the thing itself.
 */

export type StatsFamily = 'events' | 'joins' | 'services' | 'tallies' | 'activities' | 'stations' | 'visits' | 'network' | 'claims';
/** Per family, the counters to add to (negative to take away; 0s are left out). */
export type StatsIncrements = Partial<Record<StatsFamily, Record<string, number>>>;

/** "d2026-11-30" for the Beijing day of `at`. */
export const dayPeriod = (at: string | Date) => `d${beijingDate(at)}`;
/** "m2026-11" for the Beijing month of `at`. */
export const monthPeriod = (at: string | Date) => `m${beijingDate(at).slice(0, 7)}`;
const statsKey = (orgId: string, period: string) => `${orgId}#${period}`;
/**
 * The "period" of what stands now rather than what happened in a day: `<orgId>#all`. The `stations`
 * family (counter `total`) is kept there — the stations of the org's subtree, +1 on the org and
 * every ancestor when a station is made, moved back out when it moves (tables/stations.ts).
 */
export const STANDING = 'all';

/**
 * Families written by bursts that would meet on one item: a city-wide benefit takes thousands of
 * sign-ups a minute, and each adds to the city's (and its district's) day and month items in its
 * own transaction — transactions on one item run one at a time. These families are kept in
 * SHARDS items per org and period (`<org>#<period>#s<n>`, a random n per write), summed on read.
 */
const SHARDS: Partial<Record<StatsFamily, number>> = { activities: 10, visits: 10 };
const shardKeys = (pk: string, family: StatsFamily) =>
  SHARDS[family] ? Array.from({ length: SHARDS[family] }, (_, n) => `${pk}#s${n}`) : [pk];

/** Attribute names a counter may not take: the item's key. */
const RESERVED = new Set(['pk', 'sk']);

/**
 * The TransactWriteItems Update steps that add `increments` to the day and month items of every org
 * of `path` (the org last) for the Beijing day of `at`: put them in the transaction of the thing
 * counted, so the counters are exactly the things written. Nothing to add → no steps.
 */
export function statsSteps(path: readonly string[], at: string | Date, increments: StatsIncrements) {
  return statsChangeSteps(path, [{ at, increments }]);
}

/**
 * The same for several changes at once (a count moved from one kind or day to another): one step
 * per item, as a transaction may touch an item only once; what cancels out is left out.
 */
export function statsChangeSteps(
  path: readonly string[],
  /** each change may name its own path (else `path`): an application counts on its event, its approval not */
  changes: readonly { at: string | Date; increments: StatsIncrements; path?: readonly string[] }[],
) {
  const items = new Map<string, { pk: string; sk: StatsFamily; counts: Map<string, number> }>();
  // one shard per call: the items of one transaction stay one per org and period
  const shard = randomInt(1_000_000);
  for (const { at, increments, path: own } of changes) {
    for (const [family, counts] of Object.entries(increments) as [StatsFamily, Record<string, number>][]) {
      for (const orgId of own ?? path) {
        for (const period of [dayPeriod(at), monthPeriod(at)]) {
          const shards = shardKeys(statsKey(orgId, period), family);
          const pk = shards[shard % shards.length]!;
          const item = items.get(`${pk}\u0000${family}`) ?? { pk, sk: family, counts: new Map<string, number>() };
          items.set(`${pk}\u0000${family}`, item);
          for (const [name, by] of Object.entries(counts)) {
            if (!RESERVED.has(name)) item.counts.set(name, (item.counts.get(name) ?? 0) + by);
          }
        }
      }
    }
  }
  return addSteps(items.values());
}

/**
 * The Update steps that add to the STANDING items of every org of each change's path (one step per
 * item; a move's −1 and +1 on the ancestors both paths share cancel out and are left out).
 */
export function standingSteps(changes: readonly { path: readonly string[]; family: StatsFamily; increments: Record<string, number> }[]) {
  const items = new Map<string, { pk: string; sk: StatsFamily; counts: Map<string, number> }>();
  for (const { path, family, increments } of changes) {
    for (const orgId of path) {
      const pk = statsKey(orgId, STANDING);
      const item = items.get(`${pk}\u0000${family}`) ?? { pk, sk: family, counts: new Map<string, number>() };
      items.set(`${pk}\u0000${family}`, item);
      for (const [name, by] of Object.entries(increments)) {
        if (!RESERVED.has(name)) item.counts.set(name, (item.counts.get(name) ?? 0) + by);
      }
    }
  }
  return addSteps(items.values());
}

/** The counters of the standing `stations` item (tables/stations.ts): `total`, by kind `k<kind>`, `allDay`. */
const STATION_COUNTERS = ['total', 'allDay', ...StationKind.options.map((kind) => `k${kind}`)];

/**
 * What moving an org does to the standing figures above it (the stations of its subtree): its own
 * counters (`total`, by kind, 24 h) leave the ancestors it leaves and join those it joins. Returns
 * the steps for the move's transaction, with a check that the org's counters are still those read
 * (a station made or edited under it meanwhile makes the move retry rather than carry a wrong number).
 */
export async function standingMoveSteps(orgId: string, fromPath: readonly string[], toPath: readonly string[]) {
  const read = (await readStats(orgId, [], [], ['stations']))[STANDING]?.stations ?? {};
  const counters = Object.fromEntries([...new Set([...STATION_COUNTERS, ...Object.keys(read)])].map((name) => [name, read[name] ?? 0]));
  const names = Object.keys(counters);
  const left = fromPath.filter((id) => id !== orgId && !toPath.includes(id));
  const joined = toPath.filter((id) => id !== orgId && !fromPath.includes(id));
  return [
    {
      ConditionCheck: {
        TableName: tableName('stats'),
        Key: { pk: statsKey(orgId, STANDING), sk: 'stations' },
        ConditionExpression: names
          .map((name, i) => (counters[name] ? `#c${i} = :c${i}` : `(attribute_not_exists(#c${i}) OR #c${i} = :c${i})`))
          .join(' AND '),
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#c${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:c${i}`, counters[name]])),
      },
    },
    ...standingSteps([
      { path: left, family: 'stations', increments: Object.fromEntries(names.map((name) => [name, -counters[name]!])) },
      { path: joined, family: 'stations', increments: counters },
    ]),
  ];
}

/** One ADD Update step per item, the counters that change (none → no step). */
function addSteps(items: Iterable<{ pk: string; sk: StatsFamily; counts: Map<string, number> }>) {
  return [...items].flatMap(({ pk, sk, counts }) => {
    const changed = [...counts].filter(([, by]) => by !== 0);
    if (changed.length === 0) return [];
    return [
      {
        Update: {
          TableName: tableName('stats'),
          Key: { pk, sk },
          UpdateExpression: `ADD ${changed.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(changed.map(([name], i) => [`#c${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(changed.map(([, by], i) => [`:c${i}`, by])),
        },
      },
    ];
  });
}

const Counter = z.number().int().catch(0);
/** BatchGetItem takes at most 100 keys. */
const MAX_STATS_KEYS = 100;

/**
 * The counters of one org for some periods (dayPeriod / monthPeriod values) and families, a
 * sharded family's shards summed: ⌈items / 100⌉ BatchGetItems (a sharded family counts once per shard) in parallel, each retried
 * for what DynamoDB leaves unprocessed. A counter never written is absent (read it as 0). Returns
 * period → family → counter → value.
 */
export async function readStats(
  orgId: string,
  periods: readonly string[],
  families: readonly StatsFamily[],
  /** families read for STANDING too, in the same BatchGets (result[STANDING]) */
  standing: readonly StatsFamily[] = [],
): Promise<Record<string, Partial<Record<StatsFamily, Record<string, number>>>>> {
  const keys = [
    ...periods.flatMap((period) => families.flatMap((sk) => shardKeys(statsKey(orgId, period), sk).map((pk) => ({ pk, sk })))),
    ...standing.flatMap((sk) => shardKeys(statsKey(orgId, STANDING), sk).map((pk) => ({ pk, sk }))),
  ];
  const result: Record<string, Partial<Record<StatsFamily, Record<string, number>>>> = Object.fromEntries(
    [...periods, ...(standing.length ? [STANDING] : [])].map((p) => [p, {}]),
  );
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < keys.length; i += MAX_STATS_KEYS) chunks.push(keys.slice(i, i + MAX_STATS_KEYS));
  const items = (await Promise.all(chunks.map(readItems))).flat();
  for (const item of items) {
    const { pk, sk, ...counters } = item as { pk: string; sk: StatsFamily } & Record<string, unknown>;
    const period = pk.slice(orgId.length + 1).replace(/#s\d+$/, '');
    const family = (result[period]![sk] ??= {});
    for (const [name, value] of Object.entries(counters)) family[name] = (family[name] ?? 0) + Counter.parse(value);
  }
  return result;
}

/** One BatchGetItem (≤ 100 keys), retried for what DynamoDB leaves unprocessed. */
async function readItems(keys: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let pending = keys;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    const reply = await db().send(new BatchGetCommand({ RequestItems: { [tableName('stats')]: { Keys: pending } } }));
    items.push(...((reply.Responses?.[tableName('stats')] ?? []) as Record<string, unknown>[]));
    pending = (reply.UnprocessedKeys?.[tableName('stats')]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    if (attempt >= 8 && pending.length > 0) throw new Error('stats items left unread after retries');
  }
  return items;
}
