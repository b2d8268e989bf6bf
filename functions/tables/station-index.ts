import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Station } from '../../shared/schemas/station';
import { db, tableName } from '../lib/db';
import { isConditionFailed, withConflictRetry, type Item } from '../lib/dynamo';
import { cellBits, cellName, leafOf, MAX_BITS, pointBits, regionOf } from '../stations/nearby/cells';
import { openInWindow, packTile, packView, shortKey, unpackTile, unpackView } from '../stations/nearby/entries';

/**
 * stationIndex table: the nearby index (docs/stations.md, "Nearby index"), kept in the transaction
 * that writes a station. Key `pk` + `sk`:
 *   <t|w><layer>#<region> / <cell bits>  a tile (t: one attribute per station of the cell, its short
 *     key → packed entry) or a list view (w: the same, with what a list row shows). The cells of a
 *     region sort by their bits, so neighbours are one Query: DynamoDB charges a Query for the
 *     bytes it returns together, where a BatchGet charges each item a whole 4 KB.
 *   d#<kind><layer>#<region> / -  a directory: one attribute per leaf cell of that kind and layer in
 *     the geohash-3 region → how many stations it held when last looked at (a hint for planning).
 *     No directory item: the region is one leaf, the region itself.
 *   w<layer>#<region> / <point bits>#<short key>#<yyyymmdd>  a station's live item of a day (visits,
 *     reports; tables/station-live.ts): among the cells, read by the view Queries, never a cell.
 * In code a bucket is named `<kind>#<layer>#<cell name>` (bucketKey) and a directory by its pk.
 * Bucket items carry `v` (bumped by every write) and, once split into smaller cells, `split`.
 * Layers: `a` every station; `e` those open at some minute of 21:00–22:00, `n` of 22:00–06:00 (what
 * an openNow search then can match); `h` the 24 h stations that are open.
 */
export type Layer = 'a' | 'e' | 'n' | 'h';
export type Kind = 't' | 'w';
const SYSTEM = new Set(['pk', 'sk', 'v', 'split']);

/** Past this many bytes a bucket splits, so one read of it stays within a 4 KB read unit. */
export const SPLIT_BYTES = 3_900;
/** How long a search trusts a directory it read; a split it has not seen is noticed on the spot anyway. */
const DIRECTORY_TTL_MS = 60_000;

export const bucketKey = (kind: Kind, layer: Layer, cell: string) => `${kind}#${layer}#${cell}`;
const directoryKey = (kind: Kind, layer: Layer, region: string) => `d#${kind}${layer}#${region}`;

/** The table key of a bucket or directory name. */
function keyOf(name: string): { pk: string; sk: string } {
  if (name.startsWith('d#')) return { pk: name, sk: '-' };
  const [kind, layer, cell] = name.split('#') as [Kind, Layer, string];
  return { pk: `${kind}${layer}#${cell.slice(0, 3)}`, sk: cellBits(cell) };
}

/** The name of an item read back. */
export function nameOf(item: Item): string {
  const pk = item.pk as string;
  if (pk.startsWith('d#')) return pk;
  return bucketKey(pk[0] as Kind, pk[1] as Layer, cellName(item.sk as string));
}

/** Which layers a station is in, as stored on the station item (`ixl`): 'a', then any of 'e', 'n', 'h'. */
export const layersOf = (station: Pick<Station, 'hours' | 'status'>): string =>
  `a${openInWindow(station, 'e') ? 'e' : ''}${openInWindow(station, 'n') ? 'n' : ''}${station.hours.allDay && station.status === 'open' ? 'h' : ''}`;

/** The leaf cells of a region (name → station count hint). */
export type Directory = Map<string, number>;

function directoryOf(item: Item | undefined, region: string): Directory {
  if (!item) return new Map([[region, 0]]);
  return new Map(Object.entries(item).filter(([k]) => k !== 'pk' && k !== 'sk') as [string, number][]);
}

export async function readDirectories(
  wanted: { kind: Kind; layer: Layer; region: string }[],
  consistent: boolean,
  stats?: IndexReadStats,
): Promise<Map<string, Directory>> {
  const keys = [...new Set(wanted.map((w) => directoryKey(w.kind, w.layer, w.region)))];
  const items = await batchGet(keys, consistent, stats);
  return new Map(keys.map((k) => [k, directoryOf(items.get(k), k.split('#')[2]!)]));
}

const cache = new Map<string, { directory: Directory; at: number }>();
const refreshing = new Set<string>();

/**
 * Directories for a search: from this container's cache. Missing (a cold container, a region not
 * seen yet) or `refresh` (a split seen): one BatchGet first, which the search waits for. Older than
 * a minute: used as they are while one BatchGet reads them again in the background — a split they
 * do not know shows itself in what the search reads, so a stale directory is never a wrong answer.
 */
export async function cachedDirectories(
  kind: Kind,
  layer: Layer,
  regions: string[],
  stats: IndexReadStats,
  refresh = false,
): Promise<Map<string, Directory>> {
  const now = Date.now();
  const missing = regions.filter((r) => refresh || !cache.has(directoryKey(kind, layer, r)));
  const old = regions.filter((r) => !missing.includes(r) && now - cache.get(directoryKey(kind, layer, r))!.at > DIRECTORY_TTL_MS);
  const load = async (list: string[], consistent: boolean, counted?: IndexReadStats) => {
    // stamped with when it was asked for: a slow background read never replaces a newer one
    const asked = Date.now();
    const read = await readDirectories(
      list.map((region) => ({ kind, layer, region })),
      consistent,
      counted,
    );
    for (const [k, directory] of read) if ((cache.get(k)?.at ?? -Infinity) <= asked) cache.set(k, { directory, at: asked });
  };
  const stale = old.filter((r) => !refreshing.has(directoryKey(kind, layer, r)));
  if (stale.length > 0) {
    const keys = stale.map((r) => directoryKey(kind, layer, r));
    keys.forEach((k) => refreshing.add(k));
    stats.directoryReads += stale.length;
    void load(stale, false)
      .catch(() => undefined) // tried again by the next search
      .finally(() => keys.forEach((k) => refreshing.delete(k)));
  }
  if (missing.length > 0) {
    stats.directoryReads += missing.length;
    stats.directoryWaits += 1;
    await load(missing, refresh, stats);
  }
  return new Map(regions.map((r) => [r, cache.get(directoryKey(kind, layer, r))!.directory]));
}

/** Tests and benchmarks: forget the cached directories. */
export function forgetDirectories(): void {
  cache.clear();
}

/** What a search read: requests, sequential rounds, items, and read units as DynamoDB reported them. */
export interface IndexReadStats {
  requests: number;
  rounds: number;
  itemsRead: number;
  readUnits: number;
  /** by the 4 KB rule: 0.5 a started 4 KB of each item, eventually consistent */
  readUnitsBy4k: number;
  /** directories read for it: waited for, or (older than a minute) refreshed in the background */
  directoryReads: number;
  /** how many times it waited for directories (a cold container, a split seen) */
  directoryWaits: number;
}
export const freshReadStats = (): IndexReadStats => ({
  requests: 0,
  rounds: 0,
  itemsRead: 0,
  readUnits: 0,
  readUnitsBy4k: 0,
  directoryReads: 0,
  directoryWaits: 0,
});

/** Approximately DynamoDB's size of an item: names and values in UTF-8, numbers as a few bytes. */
export function itemBytes(item: Item): number {
  let bytes = 0;
  for (const [k, v] of Object.entries(item)) bytes += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 8);
  return bytes;
}

/** Items by name, read in BatchGets of 100 (one request each, unprocessed keys retried): for writes and directories. */
export async function batchGet(names: string[], consistent: boolean, stats?: IndexReadStats): Promise<Map<string, Item>> {
  const table = tableName('stationIndex');
  const found = new Map<string, Item>();
  for (let i = 0; i < names.length; i += 100) {
    let pending: Record<string, unknown>[] = names.slice(i, i + 100).map(keyOf);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const reply = await db().send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } },
          ReturnConsumedCapacity: stats ? 'TOTAL' : undefined,
        }),
      );
      const items = reply.Responses?.[table] ?? [];
      for (const item of items) found.set(nameOf(item), item);
      if (stats) {
        stats.requests += 1;
        stats.itemsRead += items.length;
        stats.readUnits += reply.ConsumedCapacity?.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0) ?? 0;
        // a key with no item still costs the minimum read
        stats.readUnitsBy4k += pending.length * 0.5 + items.reduce((s, it) => s + 0.5 * (Math.ceil(itemBytes(it) / 4096) - 1 || 0), 0);
      }
      pending = (reply.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
  }
  return found;
}

/**
 * The buckets of one region's cells from `from` to `to` (by their bits, both included): one Query
 * (more only past 1 MB), charged for the bytes it returns together. `withLive`: up to `<to bits>~`,
 * so the live items of the stations in the last cell come too (tables/station-live.ts: their sort
 * keys are `<point bits>#…`, and `#` sorts before the bits); those of the others lie between the cells.
 */
export async function queryCells(
  kind: Kind,
  layer: Layer,
  from: string,
  to: string,
  stats: IndexReadStats,
  { withLive = false }: { withLive?: boolean } = {},
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const reply = await db().send(
      new QueryCommand({
        TableName: tableName('stationIndex'),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `${kind}${layer}#${from.slice(0, 3)}`,
          ':from': cellBits(from),
          ':to': withLive ? `${cellBits(to)}~` : cellBits(to),
        },
        ExclusiveStartKey: start,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    const page = reply.Items ?? [];
    items.push(...page);
    stats.requests += 1;
    stats.itemsRead += page.length;
    stats.readUnits += reply.ConsumedCapacity?.CapacityUnits ?? 0;
    stats.readUnitsBy4k += 0.5 * Math.max(1, Math.ceil(page.reduce((sum, it) => sum + itemBytes(it), 0) / 4096));
    start = reply.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Where a station stands in the index, as last written (read from its item before changing it). */
export interface Placed {
  id: string;
  location: { lat: number; lng: number };
  /** `ixl`: 'a', 'an', or '' for a station written before the index (in none) */
  layers: string;
}

export const placedOf = (item: Item): Placed => ({
  id: item.id as string,
  location: item.location as Placed['location'],
  layers: typeof item.ixl === 'string' ? item.ixl : '',
});

/** The station item's condition that it still stands where `before` says (or is new). */
export function placedCondition(
  before: Placed | undefined,
  n: number,
): { expression: string; names: Record<string, string>; values: Record<string, unknown> } {
  if (!before) return { expression: 'attribute_not_exists(ixl)', names: {}, values: {} };
  if (!before.layers) return { expression: 'attribute_not_exists(ixl)', names: {}, values: {} };
  return {
    expression: `ixl = :ixl${n} AND #loc.lat = :lat${n} AND #loc.lng = :lng${n}`,
    names: { '#loc': 'location' },
    values: { [`:ixl${n}`]: before.layers, [`:lat${n}`]: before.location.lat, [`:lng${n}`]: before.location.lng },
  };
}

/** The position the index keeps (1e-7 degrees, as packed): every cell a station is placed in comes from it. */
export const indexed = ({ lat, lng }: { lat: number; lng: number }) => ({
  lat: Math.round(lat * 1e7) / 1e7,
  lng: Math.round(lng * 1e7) / 1e7,
});

export interface IndexPlan {
  /** Update steps, one per bucket, for the station's transaction */
  steps: {
    Update: {
      TableName: string;
      Key: { pk: string; sk: string };
      UpdateExpression: string;
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    };
  }[];
  /** the buckets written, to look at for splits after the transaction */
  written: string[];
}

/**
 * The bucket updates for these station changes (before → after; after undefined: taken out), from
 * the directories read now, consistently. Each is conditional on its bucket not having split: if
 * one has, the transaction fails and is planned again.
 */
export async function planIndex(changes: { before?: Placed; after?: Station }[]): Promise<IndexPlan> {
  type Place = { kind: Kind; layer: Layer; bits: string };
  const placesOf = (location: { lat: number; lng: number }, layers: string): Place[] => {
    const bits = pointBits(indexed(location));
    return [...layers].flatMap((l) => (['t', 'w'] as Kind[]).map((kind) => ({ kind, layer: l as Layer, bits })));
  };
  const work = changes.map(({ before, after }) => ({
    key: shortKey((after ?? before)!.id),
    old: before ? placesOf(before.location, before.layers) : [],
    now: after ? placesOf(after.location, layersOf(after)) : [],
    after,
  }));
  const wanted = work.flatMap((w) => [...w.old, ...w.now]).map((p) => ({ kind: p.kind, layer: p.layer, region: regionOf(p.bits) }));
  const directories = await readDirectories(wanted, true);
  const bucketOf = (p: Place) => {
    const region = regionOf(p.bits);
    const leaf = leafOf(directories.get(directoryKey(p.kind, p.layer, region))!, p.bits) ?? region;
    return bucketKey(p.kind, p.layer, leaf);
  };
  const buckets = new Map<string, { set: Map<string, string>; remove: Set<string> }>();
  const of = (pk: string) => buckets.get(pk) ?? buckets.set(pk, { set: new Map(), remove: new Set() }).get(pk)!;
  for (const w of work) {
    const values = w.after ? { t: packTile(w.after), w: packView(w.after) } : undefined;
    const target = new Set(w.now.map(bucketOf));
    for (const p of w.old) if (!target.has(bucketOf(p))) of(bucketOf(p)).remove.add(w.key);
    for (const p of w.now) of(bucketOf(p)).set.set(w.key, values![p.kind]);
  }
  const steps = [...buckets].map(([pk, { set, remove }]) => {
    const names: Record<string, string> = { '#split': 'split' };
    const values: Record<string, unknown> = { ':one': 1 };
    const sets = [...set].map(([key, value], i) => ((names[`#s${i}`] = key), (values[`:s${i}`] = value), `#s${i} = :s${i}`));
    const removes = [...remove].filter((k) => !set.has(k)).map((key, i) => ((names[`#r${i}`] = key), `#r${i}`));
    return {
      Update: {
        TableName: tableName('stationIndex'),
        Key: keyOf(pk),
        UpdateExpression: `${sets.length ? `SET ${sets.join(', ')} ` : ''}${removes.length ? `REMOVE ${removes.join(', ')} ` : ''}ADD v :one`,
        ConditionExpression: 'attribute_not_exists(#split)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  });
  return { steps, written: [...buckets.keys()] };
}

/**
 * After a station transaction: each bucket it wrote is looked at (one BatchGet per 100); one past
 * SPLIT_BYTES splits, and a leaf's count hint in its directory is brought up to date when it is far
 * off. Best effort, never failing the write that committed before it: the index is exact without
 * either (a search only reads a little more), and the next write to the bucket tidies it.
 */
export async function tidyIndex(written: string[]): Promise<void> {
  if (written.length === 0) return;
  try {
    await tidy(written);
  } catch (error) {
    console.warn(JSON.stringify({ msg: 'nearby index not tidied', error: (error as Error).name }));
  }
}

async function tidy(written: string[]): Promise<void> {
  const items = await batchGet(written, true);
  const regions = [
    ...new Set(written.map((pk) => pk.split('#')).map(([kind, layer, cell]) => ({ kind, layer, region: cell!.slice(0, 3) }))),
  ];
  const directories = await readDirectories(
    regions.map((r) => ({ kind: r.kind as Kind, layer: r.layer as Layer, region: r.region })),
    true,
  );
  for (const pk of written) {
    const item = items.get(pk);
    if (!item || item.split) continue;
    const [kind, layer, cell] = pk.split('#') as [Kind, Layer, string];
    const directory = directories.get(directoryKey(kind, layer, cell.slice(0, 3)))!;
    const count = entriesOf(item).length;
    if (itemBytes(item) > SPLIT_BYTES && cellBits(cell).length < MAX_BITS) await splitBucket(kind, layer, cell);
    else if (directory.has(cell) && Math.abs((directory.get(cell) ?? 0) - count) > Math.max(2, count / 5))
      await setCountHint(kind, layer, cell, count);
  }
}

const entriesOf = (item: Item) => Object.entries(item).filter(([k]) => !SYSTEM.has(k)) as [string, string][];

async function setCountHint(kind: Kind, layer: Layer, cell: string, count: number): Promise<void> {
  const region = cell.slice(0, 3);
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName('stationIndex'),
        Key: keyOf(directoryKey(kind, layer, region)),
        UpdateExpression: 'SET #cell = :n',
        // never bring back a leaf that split meanwhile (the region itself is a leaf while it has no directory)
        ConditionExpression: cell === region ? 'attribute_exists(#cell) OR attribute_not_exists(pk)' : 'attribute_exists(#cell)',
        ExpressionAttributeNames: { '#cell': cell },
        ExpressionAttributeValues: { ':n': count },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/**
 * Splits a full bucket into halves, and halves of halves, until each fits (or cannot be cut finer):
 * in one transaction the bucket is emptied and marked split (conditional on its version, so no
 * write in between is lost), the non-empty new cells written, and the directory's leaf replaced by
 * the new cells. Tried again while writes keep landing on it.
 */
async function splitBucket(kind: Kind, layer: Layer, cell: string): Promise<void> {
  const table = tableName('stationIndex');
  const pk = bucketKey(kind, layer, cell);
  for (let attempt = 0; attempt < 8; attempt++) {
    const { Item } = await db().send(new GetCommand({ TableName: table, Key: keyOf(pk), ConsistentRead: true }));
    if (!Item || Item.split || itemBytes(Item) <= SPLIT_BYTES) return;
    const entries = entriesOf(Item).map(([key, value]) => ({ key, value, bits: entryBits(kind, value) }));
    const leaves = partition(cellBits(cell), entries);
    const region = cell.slice(0, 3);
    const names: Record<string, string> = { '#parent': cell };
    const values: Record<string, unknown> = {};
    const sets = leaves.map(
      (leaf, i) => ((names[`#c${i}`] = cellName(leaf.bits)), (values[`:c${i}`] = leaf.entries.length), `#c${i} = :c${i}`),
    );
    try {
      await withConflictRetry(() =>
        db().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: keyOf(pk),
                  UpdateExpression: `SET #split = :true ADD v :one REMOVE ${entries.map((_, i) => `#e${i}`).join(', ')}`,
                  ConditionExpression: 'v = :v AND attribute_not_exists(#split)',
                  ExpressionAttributeNames: { '#split': 'split', ...Object.fromEntries(entries.map((e, i) => [`#e${i}`, e.key])) },
                  ExpressionAttributeValues: { ':true': true, ':one': 1, ':v': Item.v },
                },
              },
              ...leaves
                .filter((leaf) => leaf.entries.length > 0)
                .map((leaf) => ({
                  Put: {
                    TableName: table,
                    Item: {
                      ...keyOf(bucketKey(kind, layer, cellName(leaf.bits))),
                      v: 1,
                      ...Object.fromEntries(leaf.entries.map((e) => [e.key, e.value])),
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                })),
              {
                Update: {
                  TableName: table,
                  Key: keyOf(directoryKey(kind, layer, region)),
                  UpdateExpression: `SET ${sets.join(', ')} REMOVE #parent`,
                  ConditionExpression:
                    cell === region ? 'attribute_exists(#parent) OR attribute_not_exists(pk)' : 'attribute_exists(#parent)',
                  ExpressionAttributeNames: names,
                  ExpressionAttributeValues: values,
                },
              },
            ],
          }),
        ),
      );
      return;
    } catch (error) {
      // written meanwhile (or split by another writer): look again
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
    }
  }
}

const entryBits = (kind: Kind, value: string) => pointBits((kind === 't' ? unpackTile('', value) : unpackView(value)).location);

/**
 * Halves a cell (at least once) until each part fits with room to grow, or is MAX_BITS deep: the
 * new leaves, empty ones too, in bit order.
 */
function partition(bits: string, entries: Entry[], first = true): { bits: string; entries: Entry[] }[] {
  const bytes = entries.reduce((s, e) => s + Buffer.byteLength(e.key) + Buffer.byteLength(e.value), 16);
  if (!first && (bytes <= SPLIT_BYTES * 0.75 || bits.length >= MAX_BITS)) return [{ bits, entries }];
  const half = (b: '0' | '1') => entries.filter((e) => e.bits[bits.length] === b);
  return [...partition(`${bits}0`, half('0'), false), ...partition(`${bits}1`, half('1'), false)];
}
type Entry = { key: string; value: string; bits: string };
