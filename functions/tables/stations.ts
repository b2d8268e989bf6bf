import { createHash, randomUUID } from 'node:crypto';
import { BatchGetCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Station, type StationInput } from '../../shared/schemas/station';
import { db, tableName } from '../lib/db';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { failedConditions, isConditionFailed, queryPage, recordOf, withConflictRetry, type Item } from '../lib/dynamo';
import { standingSteps } from './stats';
import { dueSteps, rescopeBest } from './network';
import { indexed, layersOf, placedCondition, placedOf, planIndex, tidyIndex, type Placed } from './station-index';
import { queryScopePage, scopeAttributes, scopeUpdate, type Scoped } from '../lib/scope-keys';

/**
 * stations table: one item per station, keyed by id, location stored in GCJ-02 as lat/lng.
 * Near a point: the nearby index (tables/station-index.ts, stationIndex table), kept in the same
 *   transaction as the station; `ixl` on the item says which of its layers the station is in.
 *   byOrg (orgId, id): an org's stations (moves rewrite their scope keys from it).
 *   byScope0…4 (scope<d> = "<ancestor>#station", listKey = "<name>#<id>"): the staff list and the
 *     export of a subtree by name, one Query a page (lib/scope-keys.ts).
 * Inspections: the station's due item (tables/network.ts `dueSteps`: the overdue list of its org path)
 *   is written in the same transaction as the station, and rescoped with it when its org moves.
 * Counted: the stats item `<org>#all` / `stations` (counter `total`) of the station's org and of
 * every ancestor is +1 in the transaction that writes a new station, and moved (−1 / +1) in the one
 * that gives it to another org, each conditional on what it read, so the counts are exact
 * (docs/outreach.md, "stations"). The org path is the one the caller passes. On the same items,
 * `k<kind>` and `allDay` (open round the clock): +1 with the station, −1 / +1 when an edit changes
 * its kind, its hours or its status, or moves it (`countedAs` says what the station added).
 */
/** A station as stored: the shared (strict) schema, with the index attributes dropped. */
const StationRecord = Station.strip();

/** The staff list every station is in, sorted by name (code point order: Chinese names by character, not pinyin). */
export const STATION_LIST = 'station';
const stationListKey = (s: Pick<Station, 'name' | 'id'>) => `${s.name}#${s.id}`;

/**
 * Set on a station counted in the stats (every station written since the count was kept); one
 * written before has none until scripts/backfill-station-counts.ts counts it, once.
 */
export const COUNTED = 'counted';

/**
 * What a counted station added to the standing `stations` items besides `total`, as the station item
 * keeps it (`countedAs`): `k<kind>`, and `allDay` while open round the clock, space-separated. Each
 * write that changes them takes away what the item says and adds what it is now, conditional on the
 * item still saying what was read. A station counted before these counters has none: its next write
 * or scripts/backfill-station-counts.ts adds them, once (docs/station-network.md, "Counters").
 */
export const COUNTED_AS = 'countedAs';
export const countedAsOf = (s: { kind: Station['kind']; hours: { allDay: boolean }; status: Station['status'] }) =>
  [`k${s.kind}`, ...(s.hours.allDay && s.status === 'open' ? ['allDay'] : [])].join(' ');

/** The item of a station of the org with `orgPath` (its path from the city down, itself last), counted. */
function toItem(station: Station, orgPath: readonly string[]): Item {
  // the content-check sets are changed only by the photo routes and the sweep (tables/photo-checks.ts)
  const { heldPhotoIds: _held, refusedPhotoIds: _refused, ...fields } = station;
  return {
    ...fields,
    ...scopeAttributes(orgPath, STATION_LIST, stationListKey(station)),
    [COUNTED]: true,
    [COUNTED_AS]: countedAsOf(station),
    // as the nearby index keeps it (1e-7°, about 1 cm): the index and the item never disagree
    location: indexed(station.location),
    // the nearby index layers it is in (tables/station-index.ts), so the next write knows where to take it out
    ixl: layersOf(station),
  };
}

/** DynamoDB string sets (the photos' content-check states) come back as Sets: lists for the schema. */
const listOf = (set: unknown): string[] | undefined => (set instanceof Set && set.size ? [...(set as Set<string>)].sort() : undefined);

export function toStation(item: Item): Station {
  return recordOf(StationRecord, { ...item, heldPhotoIds: listOf(item.heldPhotoIds), refusedPhotoIds: listOf(item.refusedPhotoIds) });
}

/** Imported rows get an id derived from org + external id, so a re-import updates instead of duplicating. */
export function stationIdFor(orgId: string, externalId: string | undefined): string {
  if (!externalId) return `st-${randomUUID()}`;
  return `st-${createHash('sha256').update(`${orgId}\u0000${externalId}`).digest('hex').slice(0, 24)}`;
}

export async function getStation(id: string): Promise<Station | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('stations'), Key: { id } }));
  return Item ? toStation(Item) : null;
}

/**
 * The stats steps of stations made (+1 on `path`) or moved (−1 on `from`, +1 on `path`), with the
 * counters each station adds (`as`, its COUNTED_AS: none for one counted before them); what nets out
 * (shared ancestors, an unchanged kind) is left out.
 */
const countSteps = (changes: { path: readonly string[]; by: number; as?: string }[]) =>
  standingSteps(
    changes.map(({ path, by, as }) => ({
      path,
      family: 'stations',
      increments: { total: by, ...Object.fromEntries((as ? as.split(' ') : []).map((name) => [name, by])) },
    })),
  );

/**
 * Writes a new station, counts it on its org path and puts it in the nearby index, in one
 * transaction conditional on no station having the id: false (nothing written, nothing counted)
 * when one has.
 */
export async function putStation(station: Station, orgPath: readonly string[]): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const index = await planIndex([{ after: station }]);
    try {
      await withConflictRetry(() =>
        db().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: { TableName: tableName('stations'), Item: toItem(station, orgPath), ConditionExpression: 'attribute_not_exists(id)' },
              },
              // its place in the overdue inspections list (tables/network.ts)
              ...dueSteps(station, orgPath),
              ...countSteps([{ path: orgPath, by: 1, as: countedAsOf(station) }]),
              ...index.steps,
            ],
          }),
        ),
      );
      await tidyIndex(index.written);
      return true;
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[0]) return false;
      // an index cell split meanwhile: plan again from the new directory
      if (!failed?.some(Boolean) || attempt >= 8) throw error;
    }
  }
}

/**
 * Writes what staff edit (every field but the uploaded photos, which only the photo routes change),
 * so an edit saved while a photo is being added keeps both. Optional fields left empty are removed.
 * One transaction: the station, its place in the nearby index (taken out of the cells it was in),
 * and, for a station given to another org, its count moved from `was.path` to `orgPath`.
 * Conditional on the station still being of the org it was read with and where it was read: 'gone'
 * when the station is gone, 'changed' when another org holds it now (read again and retry).
 */
export async function updateStationFields(
  station: Station,
  orgPath: readonly string[],
  was: { orgId: string; path: readonly string[] },
): Promise<'updated' | 'gone' | 'changed'> {
  const { id, photoIds: _photos, ...item } = toItem(station, orgPath);
  // scope keys: the name or the org may have changed; deeper ones of an org moved up are removed
  const scope = scopeUpdate(orgPath, STATION_LIST, stationListKey(station));
  // `counted` and `countedAs` are the stats' own: an edit leaves `counted` as it is, and sets `countedAs` only on a counted station (below)
  const fields = Object.fromEntries(
    Object.entries(item).filter(([k]) => k !== 'listKey' && k !== COUNTED && k !== COUNTED_AS && !k.startsWith('scope')),
  );
  const optional = ['externalId', 'managerPhone', 'verifiedOn'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const set = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      return `#${k} = :${k}`;
    });
  const remove = optional.filter((k) => (fields as Record<string, unknown>)[k] === undefined).map((k) => ((names[`#${k}`] = k), `#${k}`));
  const removing = remove.length || scope.remove ? ` REMOVE ${[...remove, scope.remove].filter(Boolean).join(', ')}` : '';
  const as = countedAsOf(station);
  for (let attempt = 0; ; attempt++) {
    const now = await placedState(station.id);
    if (!now) return 'gone';
    if (now.orgId !== was.orgId) return 'changed';
    const placed = placedCondition(now.placed, 0);
    // a station not counted yet (written before the count was kept) moves without its count: the
    // backfill counts it where it is then. A counted one takes what it added (`countedAs`) off the
    // old path and adds what it is now to the new: nothing when neither the org, the kind nor 24 h changed
    const counting = now.counted
      ? ` AND attribute_exists(#counted) AND ${now.countedAs === undefined ? 'attribute_not_exists(#countedAs)' : '#countedAs = :wasAs'}`
      : ' AND attribute_not_exists(#counted)';
    const update = {
      TableName: tableName('stations'),
      Key: { id },
      UpdateExpression: `SET ${[...set, ...(now.counted ? ['#countedAs = :countedAs'] : []), scope.set].join(', ')}${removing}`,
      ConditionExpression: `attribute_exists(id) AND #wasOrg = :wasOrg AND ${placed.expression}${counting}`,
      ExpressionAttributeNames: {
        ...names,
        ...placed.names,
        '#wasOrg': 'orgId',
        '#counted': COUNTED,
        ...(now.counted ? { '#countedAs': COUNTED_AS } : {}),
      },
      ExpressionAttributeValues: {
        ...values,
        ...scope.values,
        ...placed.values,
        ':wasOrg': was.orgId,
        ...(now.counted ? { ':countedAs': as } : {}),
        ...(now.counted && now.countedAs !== undefined ? { ':wasAs': now.countedAs } : {}),
      },
    };
    const steps = now.counted
      ? countSteps([
          { path: was.path, by: -1, as: now.countedAs },
          { path: orgPath, by: 1, as },
        ])
      : [];
    // its place in the overdue inspections list (tables/network.ts)
    const due = dueSteps(station, orgPath);
    const index = await planIndex([{ before: now.placed, after: station }]);
    try {
      await withConflictRetry(() =>
        db().send(new TransactWriteCommand({ TransactItems: [{ Update: update }, ...due, ...steps, ...index.steps] })),
      );
      await tidyIndex(index.written);
      // given to another org: its 最美驿站 entry goes with it
      if (station.orgId !== was.orgId) await rescopeBest(station.id, orgPath, station.orgId);
      return 'updated';
    } catch (error) {
      // changed, moved or split meanwhile: read again
      if (!failedConditions(error)?.some(Boolean) || attempt >= 8) throw error;
    }
  }
}

/** A station's org, whether it is counted (and as what) and where it stands in the nearby index (null when there is none). */
async function placedState(id: string): Promise<{ orgId: string; counted: boolean; countedAs?: string; placed: Placed } | null> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName('stations'),
      Key: { id },
      ProjectionExpression: 'id, orgId, #c, #ca, #loc, ixl',
      ExpressionAttributeNames: { '#c': COUNTED, '#ca': COUNTED_AS, '#loc': 'location' },
      ConsistentRead: true,
    }),
  );
  return Item
    ? { orgId: Item.orgId as string, counted: Item[COUNTED] === true, countedAs: countedAsIn(Item), placed: placedOf(Item) }
    : null;
}

/** The item's COUNTED_AS (undefined when it has none: counted before the counters by kind were kept). */
const countedAsIn = (item: Item) => (typeof item[COUNTED_AS] === 'string' ? (item[COUNTED_AS] as string) : undefined);

/**
 * Appends an uploaded photo unless the station already has `max` photos or this one: one
 * conditional update, so simultaneous adds can never pass the limit and a retry adds nothing.
 * Answers what stopped it, read back after a refusal.
 */
export async function appendPhotoId(
  stationId: string,
  photoId: string,
  max: number,
  now: Date,
): Promise<'added' | 'already-added' | 'full' | 'no-station'> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName('stations'),
        Key: { id: stationId },
        UpdateExpression: 'SET photoIds = list_append(if_not_exists(photoIds, :none), :one), updatedAt = :now',
        ConditionExpression:
          'attribute_exists(id) AND (attribute_not_exists(photoIds) OR (size(photoIds) < :max AND NOT contains(photoIds, :id)))',
        ExpressionAttributeValues: { ':none': [], ':one': [photoId], ':max': max, ':id': photoId, ':now': now.toISOString() },
      }),
    );
    return 'added';
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const station = await getStation(stationId);
    if (!station) return 'no-station';
    return station.photoIds.includes(photoId) ? 'already-added' : 'full';
  }
}

/** Removes an uploaded photo by its position, checked to still hold it (else reads again, a few times). */
export async function removePhotoId(stationId: string, photoId: string, now: Date): Promise<Station | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const station = await getStation(stationId);
    const at = station?.photoIds.indexOf(photoId) ?? -1;
    if (!station || at < 0) return station;
    try {
      await db().send(
        new UpdateCommand({
          TableName: tableName('stations'),
          Key: { id: stationId },
          // and out of the content-check sets, where a held or refused photo is
          UpdateExpression: `REMOVE photoIds[${at}] SET updatedAt = :now DELETE heldPhotoIds :ids, refusedPhotoIds :ids`,
          ConditionExpression: `photoIds[${at}] = :id`,
          ExpressionAttributeValues: { ':id': photoId, ':ids': new Set([photoId]), ':now': now.toISOString() },
        }),
      );
      const without = (ids?: string[]) => (ids?.includes(photoId) ? ids.filter((p) => p !== photoId) : ids);
      return {
        ...station,
        photoIds: station.photoIds.filter((p) => p !== photoId),
        heldPhotoIds: without(station.heldPhotoIds),
        refusedPhotoIds: without(station.refusedPhotoIds),
        updatedAt: now.toISOString(),
      };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
  throw new Error(`station ${stationId} photos kept changing`);
}

/** A transaction takes at most 100 items: a chunk's puts and its stats items stay within it. */
const MAX_TRANSACTION_ITEMS = 100;
const MAX_CHUNK_STATIONS = 25;

/**
 * Writes many stations (the demo seed, benchmarks): each station as a whole (a station there is
 * replaced, its photos with it), counted exactly. Chunks of ≤ 25 stations whose puts and stats items
 * fit in one transaction: one BatchGet (which ids exist, of which org), then one transaction — a new
 * station conditional on not existing and +1 on its org path, an existing one conditional on its org
 * (moved: −1 / +1), the stats steps merged per item. A chunk whose conditions failed (written
 * meanwhile) is read and tried again, so writing the same stations twice counts nothing twice.
 */
export async function putStations(stations: Station[], pathOf: (orgId: string) => readonly string[]): Promise<void> {
  // the last of one id wins, as it did when written one after another (a transaction takes an item once)
  const unique = [...new Map(stations.map((s) => [s.id, s])).values()];
  let chunk: Station[] = [];
  const orgsOf = (list: Station[]) => new Set(list.flatMap((s) => pathOf(s.orgId)));
  for (const station of unique) {
    const next = [...chunk, station];
    if (chunk.length > 0 && (next.length > MAX_CHUNK_STATIONS || next.length + orgsOf(next).size > MAX_TRANSACTION_ITEMS)) {
      await putChunk(chunk, pathOf);
      chunk = [station];
    } else chunk = next;
  }
  if (chunk.length > 0) await putChunk(chunk, pathOf);
}

async function putChunk(stations: Station[], pathOf: (orgId: string) => readonly string[]): Promise<void> {
  const table = tableName('stations');
  for (let attempt = 0; ; attempt++) {
    const orgOf = await existingOrgs(stations.map((s) => s.id));
    const changes: { path: readonly string[]; by: number; as?: string }[] = [];
    const puts = stations.map((s, n) => {
      const was = orgOf.get(s.id);
      // new, or there but not counted yet (written before the count was kept): counted now
      if (was === undefined || !was.counted) changes.push({ path: pathOf(s.orgId), by: 1, as: countedAsOf(s) });
      // there: what it added off its old path, what it is now onto its path (moved, or another kind or 24 h)
      else changes.push({ path: pathOf(was.orgId), by: -1, as: was.countedAs }, { path: pathOf(s.orgId), by: 1, as: countedAsOf(s) });
      const placed = placedCondition(was?.placed, n);
      const asWas = was?.countedAs === undefined ? 'attribute_not_exists(#ca)' : `#ca = :as${n}`;
      return {
        Put: {
          TableName: table,
          Item: toItem(s, pathOf(s.orgId)),
          ...(was === undefined
            ? { ConditionExpression: 'attribute_not_exists(id)' }
            : {
                // and still where the index has it, so it is taken out of the right cells
                ConditionExpression: `orgId = :was${n} AND ${was.counted ? 'attribute_exists' : 'attribute_not_exists'}(#c) AND ${asWas} AND ${placed.expression}`,
                ExpressionAttributeNames: { '#c': COUNTED, '#ca': COUNTED_AS, ...placed.names },
                ExpressionAttributeValues: {
                  [`:was${n}`]: was.orgId,
                  ...(was.countedAs === undefined ? {} : { [`:as${n}`]: was.countedAs }),
                  ...placed.values,
                },
              }),
        },
      };
    });
    const steps = countSteps(changes);
    const dues = stations.flatMap((s) => dueSteps(s, pathOf(s.orgId)));
    const index = await planIndex(stations.map((s) => ({ before: orgOf.get(s.id)?.placed, after: s })));
    if (puts.length + dues.length + steps.length + index.steps.length > MAX_TRANSACTION_ITEMS) {
      // stations moved from far away or spread over many index cells: in halves
      const half = Math.ceil(stations.length / 2);
      await putChunk(stations.slice(0, half), pathOf);
      await putChunk(stations.slice(half), pathOf);
      return;
    }
    try {
      await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: [...puts, ...dues, ...steps, ...index.steps] })));
      await tidyIndex(index.written);
      for (const s of stations) {
        const was = orgOf.get(s.id);
        if (was && was.orgId !== s.orgId) await rescopeBest(s.id, pathOf(s.orgId), s.orgId);
      }
      return;
    } catch (error) {
      // written, moved or an index cell split meanwhile: read again
      if (!failedConditions(error)?.some(Boolean) || attempt >= 8) throw error;
    }
  }
}

/**
 * Writes new stations in transactions of ≤ 25 (and ≤ 100 items with their stats steps), each
 * conditional on its id being free and counted +1 on its org path in the same transaction. Answers
 * the ids that were taken meanwhile (nothing written or counted for them: update those instead).
 */
export async function createStations(stations: Station[], pathOf: (orgId: string) => readonly string[]): Promise<{ taken: string[] }> {
  const taken: string[] = [];
  let chunk: Station[] = [];
  const flush = async (): Promise<void> => {
    let pending = chunk;
    chunk = [];
    for (let attempt = 0; pending.length > 0; attempt++) {
      const puts = pending.map((s) => ({
        Put: { TableName: tableName('stations'), Item: toItem(s, pathOf(s.orgId)), ConditionExpression: 'attribute_not_exists(id)' },
      }));
      const steps = countSteps(pending.map((s) => ({ path: pathOf(s.orgId), by: 1, as: countedAsOf(s) })));
      const dues = pending.flatMap((s) => dueSteps(s, pathOf(s.orgId)));
      const index = await planIndex(pending.map((s) => ({ after: s })));
      if (pending.length > 1 && puts.length + dues.length + steps.length + index.steps.length > MAX_TRANSACTION_ITEMS) {
        // spread over many index cells: in halves
        const rest = pending.slice(Math.ceil(pending.length / 2));
        chunk = pending.slice(0, Math.ceil(pending.length / 2));
        await flush();
        chunk = rest;
        return flush();
      }
      try {
        await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: [...puts, ...dues, ...steps, ...index.steps] })));
        await tidyIndex(index.written);
        return;
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed?.some(Boolean) || attempt >= 8) throw error;
        taken.push(...pending.filter((_, i) => failed[i]).map((s) => s.id));
        // the rest (or all, when an index cell split meanwhile) again
        pending = pending.filter((_, i) => !failed[i]);
      }
    }
  };
  for (const station of new Map(stations.map((s) => [s.id, s])).values()) {
    const next = [...chunk, station];
    const orgs = new Set(next.flatMap((s) => pathOf(s.orgId)));
    if (chunk.length > 0 && (next.length > MAX_CHUNK_STATIONS || next.length + orgs.size > MAX_TRANSACTION_ITEMS)) {
      await flush();
      chunk = [station];
    } else chunk = next;
  }
  await flush();
  return { taken };
}

/** These stations, those that exist (one BatchGet per 100 ids, unprocessed keys retried). */
export async function getStationsByIds(ids: string[]): Promise<Map<string, Station>> {
  const table = tableName('stations');
  const stations = new Map<string, Station>();
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] = [...new Set(ids.slice(i, i + 100))].map((id) => ({ id }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const reply = await db().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
      for (const item of reply.Responses?.[table] ?? []) stations.set(item.id as string, toStation(item));
      keys = (reply.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
  }
  return stations;
}

/**
 * A station the backfill counts: not counted at all, or counted before the counters by kind and
 * 24 h were kept (no COUNTED_AS); with what it is, as read.
 */
export interface Uncounted {
  id: string;
  orgId: string;
  counted: boolean;
  kind: Station['kind'];
  allDay: boolean;
  status: Station['status'];
}

/**
 * Counts stations written before the count was kept (scripts/backfill-station-counts.ts): one
 * transaction per ≤ 25 stations (≤ 100 items with their stats steps), each station marked counted
 * (and COUNTED_AS) on condition it is still as read — its org, counted or not, no COUNTED_AS, its
 * kind, 24 h and status — with +1 `total` (when it was not counted) and +1 on its COUNTED_AS
 * counters on its org path. Answers the ids whose condition failed (counted, moved or edited
 * meanwhile: read them again).
 */
export async function countUncounted(stations: Uncounted[], pathOf: (orgId: string) => readonly string[]): Promise<string[]> {
  const failedIds: string[] = [];
  const write = async (group: Uncounted[]) => {
    const asOf = (s: Uncounted) => countedAsOf({ kind: s.kind, hours: { allDay: s.allDay }, status: s.status });
    const marks = group.map((s) => ({
      Update: {
        TableName: tableName('stations'),
        Key: { id: s.id },
        UpdateExpression: 'SET #c = :true, #ca = :as',
        ConditionExpression: `orgId = :org AND ${s.counted ? 'attribute_exists' : 'attribute_not_exists'}(#c) AND attribute_not_exists(#ca) AND #kind = :kind AND #h.allDay = :allDay AND #st = :st`,
        ExpressionAttributeNames: { '#c': COUNTED, '#ca': COUNTED_AS, '#kind': 'kind', '#h': 'hours', '#st': 'status' },
        ExpressionAttributeValues: {
          ':true': true,
          ':as': asOf(s),
          ':org': s.orgId,
          ':kind': s.kind,
          ':allDay': s.allDay,
          ':st': s.status,
        },
      },
    }));
    // counted already: its `total` stands (−1 and +1 net out), its counters by kind and 24 h are added
    const steps = countSteps(
      group.flatMap((s) => [...(s.counted ? [{ path: pathOf(s.orgId), by: -1 }] : []), { path: pathOf(s.orgId), by: 1, as: asOf(s) }]),
    );
    try {
      await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: [...marks, ...steps] })));
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed?.some(Boolean)) throw error;
      failedIds.push(...group.filter((_, i) => failed[i]).map((s) => s.id));
      const rest = group.filter((_, i) => !failed[i]);
      if (rest.length > 0) await write(rest);
    }
  };
  let group: Uncounted[] = [];
  for (const station of stations) {
    const next = [...group, station];
    if (
      group.length > 0 &&
      (next.length > MAX_CHUNK_STATIONS || next.length + new Set(next.flatMap((s) => pathOf(s.orgId))).size > MAX_TRANSACTION_ITEMS)
    ) {
      await write(group);
      group = [station];
    } else group = next;
  }
  if (group.length > 0) await write(group);
  return failedIds;
}

/**
 * Puts stations written before the nearby index into it (scripts/backfill-station-index.ts): per
 * chunk of ≤ 25, one transaction marks each station indexed (`ixl`) on condition it still is not
 * and stands where it was read, and writes its entries. Answers the ids it placed; a station
 * indexed or moved meanwhile (by a staff edit) is left to that write.
 */
export async function indexUnindexed(stations: Station[]): Promise<string[]> {
  const indexed: string[] = [];
  for (let i = 0; i < stations.length; i += MAX_CHUNK_STATIONS)
    indexed.push(...(await indexChunk(stations.slice(i, i + MAX_CHUNK_STATIONS))));
  return indexed;
}

async function indexChunk(stations: Station[]): Promise<string[]> {
  let pending = stations;
  for (let attempt = 0; pending.length > 0; attempt++) {
    const marks = pending.map((s, n) => ({
      Update: {
        TableName: tableName('stations'),
        Key: { id: s.id },
        UpdateExpression: 'SET ixl = :ixl',
        ConditionExpression: `attribute_not_exists(ixl) AND #loc.lat = :lat${n} AND #loc.lng = :lng${n}`,
        ExpressionAttributeNames: { '#loc': 'location' },
        ExpressionAttributeValues: { ':ixl': layersOf(s), [`:lat${n}`]: s.location.lat, [`:lng${n}`]: s.location.lng },
      },
    }));
    const index = await planIndex(pending.map((s) => ({ after: s })));
    if (pending.length > 1 && marks.length + index.steps.length > MAX_TRANSACTION_ITEMS) {
      // spread over many index cells (a Scan page is in no order): in halves
      const half = Math.ceil(pending.length / 2);
      return [...(await indexChunk(pending.slice(0, half))), ...(await indexChunk(pending.slice(half)))];
    }
    try {
      await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: [...marks, ...index.steps] })));
      await tidyIndex(index.written);
      return pending.map((s) => s.id);
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed?.some(Boolean) || attempt >= 8) throw error;
      // indexed or moved by a write meanwhile: that write placed it; an index cell split: plan again
      pending = pending.filter((_, n) => !failed[n]);
    }
  }
  return [];
}

/** Those of these stations that exist and are not counted yet (or not by kind and 24 h), as they are. */
export async function uncountedOf(ids: string[]): Promise<Uncounted[]> {
  const read = await existingOrgs(ids);
  return [...read]
    .filter(([, s]) => !s.counted || s.countedAs === undefined)
    .map(([id, s]) => ({ id, orgId: s.orgId, counted: s.counted, kind: s.kind, allDay: s.allDay, status: s.status }));
}

interface Existing {
  orgId: string;
  counted: boolean;
  countedAs?: string;
  kind: Station['kind'];
  allDay: boolean;
  status: Station['status'];
  placed: Placed;
}

/** The org of each of these stations that exists, whether it is counted (as what; what it is) and where it stands in the nearby index (one BatchGet per 100 ids, unprocessed keys retried). */
async function existingOrgs(ids: string[]): Promise<Map<string, Existing>> {
  const table = tableName('stations');
  const orgs = new Map<string, Existing>();
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] = ids.slice(i, i + 100).map((id) => ({ id }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const reply = await db().send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: keys,
              ProjectionExpression: 'id, orgId, #c, #ca, #loc, ixl, #kind, #h.allDay, #st',
              ExpressionAttributeNames: {
                '#c': COUNTED,
                '#ca': COUNTED_AS,
                '#loc': 'location',
                '#kind': 'kind',
                '#h': 'hours',
                '#st': 'status',
              },
              ConsistentRead: true,
            },
          },
        }),
      );
      for (const item of reply.Responses?.[table] ?? [])
        orgs.set(item.id as string, {
          orgId: item.orgId as string,
          counted: item[COUNTED] === true,
          countedAs: countedAsIn(item),
          kind: item.kind as Station['kind'],
          allDay: (item.hours as { allDay?: boolean } | undefined)?.allDay === true,
          status: item.status as Station['status'],
          placed: placedOf(item),
        });
      keys = (reply.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
  }
  return orgs;
}

export function newStation(input: StationInput, id: string, now: Date, demo = false): Station {
  return { ...input, photoIds: [], id, demo, updatedAt: now.toISOString() };
}

/** A page of the stations of an org's subtree, by name: one Query whatever the subtree's size. */
export async function staffStationsPage(
  org: Scoped,
  limit: number,
  cursor?: string,
): Promise<{ stations: Station[]; nextCursor?: string }> {
  const page = await queryScopePage({ table: 'stations', org, list: STATION_LIST, limit, cursor, ascending: true });
  return { stations: page.items.map(toStation), nextCursor: page.nextCursor };
}

/**
 * After an org moved (org admin): rewrites the scope keys of one page (≤ 100) of its stations from
 * its new path. Idempotent; call again with `nextCursor` until there is none.
 */
export async function rescopeStationsOfOrg(
  orgId: string,
  newPath: string[],
  cursor?: string,
): Promise<{ done: number; nextCursor?: string }> {
  const page = await queryPage(
    {
      TableName: tableName('stations'),
      IndexName: 'byOrg',
      KeyConditionExpression: 'orgId = :org',
      ExpressionAttributeValues: { ':org': orgId },
      Limit: 100,
    },
    decodeCursor(cursor, z.record(z.string().max(64), z.string().max(1024))),
  );
  let done = 0;
  for (const station of page.items.map(toStation)) {
    const scope = scopeUpdate(newPath, STATION_LIST, stationListKey(station));
    try {
      // with its due item (the overdue list) in the same transaction, and its best item after
      await withConflictRetry(() =>
        db().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName('stations'),
                  Key: { id: station.id },
                  UpdateExpression: `SET ${scope.set}${scope.remove ? ` REMOVE ${scope.remove}` : ''}`,
                  ConditionExpression: 'orgId = :org',
                  ExpressionAttributeValues: { ...scope.values, ':org': orgId },
                },
              },
              ...dueSteps(station, newPath),
            ],
          }),
        ),
      );
      await rescopeBest(station.id, newPath, orgId);
      done++;
    } catch (error) {
      if (!failedConditions(error)?.[0]) throw error; // given to another org meanwhile
    }
  }
  return { done, nextCursor: page.nextKey ? encodeCursor(page.nextKey) : undefined };
}
