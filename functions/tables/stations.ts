import { createHash, randomUUID } from 'node:crypto';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import ngeohash from 'ngeohash';
import { z } from 'zod';
import { Station, type StationInput } from '../../shared/schemas/station';
import { db, tableName } from '../lib/db';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { isConditionFailed, queryAll, queryPage, recordOf, type Item, type QueryStats } from '../lib/dynamo';
import { queryScopePage, scopeAttributes, scopeUpdate, type Scoped } from '../lib/scope-keys';

/**
 * stations table: one item per station, keyed by id, location stored in GCJ-02 as lat/lng.
 *   byCell (cell5, geohash): every station of a geohash-5 cell (~4 × 5 km) sorted by its 9-character
 *     geohash, so a run of geohash-6 sub-cells is one Query with BETWEEN.
 *   byOrg (orgId, id): an org's stations (moves rewrite their scope keys from it).
 *   byScope0…4 (scope<d> = "<ancestor>#station", listKey = "<name>#<id>"): the staff list and the
 *     export of a subtree by name, one Query a page (lib/scope-keys.ts).
 */
export const CELL_PRECISION = 5;
export const GEOHASH_PRECISION = 9;

/** A station as stored: the shared (strict) schema, with the index keys geohash and cell5 dropped. */
const StationRecord = Station.strip();

/** The staff list every station is in, sorted by name (code point order: Chinese names by character, not pinyin). */
export const STATION_LIST = 'station';
const stationListKey = (s: Pick<Station, 'name' | 'id'>) => `${s.name}#${s.id}`;

/** The item of a station of the org with `orgPath` (its path from the city down, itself last). */
function toItem(station: Station, orgPath: readonly string[]): Item {
  const geohash = ngeohash.encode(station.location.lat, station.location.lng, GEOHASH_PRECISION);
  // the content-check sets are changed only by the photo routes and the sweep (tables/photo-checks.ts)
  const { heldPhotoIds: _held, refusedPhotoIds: _refused, ...fields } = station;
  return {
    ...fields,
    geohash,
    cell5: geohash.slice(0, CELL_PRECISION),
    ...scopeAttributes(orgPath, STATION_LIST, stationListKey(station)),
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

export async function putStation(station: Station, orgPath: readonly string[]): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName('stations'), Item: toItem(station, orgPath) }));
}

/**
 * Writes what staff edit (every field but the uploaded photos, which only the photo routes change),
 * so an edit saved while a photo is being added keeps both. Optional fields left empty are removed.
 * False when the station is gone.
 */
export async function updateStationFields(station: Station, orgPath: readonly string[]): Promise<boolean> {
  const { id, photoIds: _photos, ...item } = toItem(station, orgPath);
  // scope keys: the name or the org may have changed; deeper ones of an org moved up are removed
  const scope = scopeUpdate(orgPath, STATION_LIST, stationListKey(station));
  const fields = Object.fromEntries(Object.entries(item).filter(([k]) => k !== 'listKey' && !k.startsWith('scope')));
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
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName('stations'),
        Key: { id },
        UpdateExpression: `SET ${[...set, scope.set].join(', ')}${remove.length || scope.remove ? ` REMOVE ${[...remove, scope.remove].filter(Boolean).join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ...scope.values },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

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

type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];

/** Writes many stations, 25 a request, retrying what DynamoDB leaves unprocessed; `pathOf` gives each org's path. */
export async function putStations(stations: Station[], pathOf: (orgId: string) => readonly string[]): Promise<void> {
  const table = tableName('stations');
  for (let i = 0; i < stations.length; i += 25) {
    let requests: WriteRequests | undefined = stations.slice(i, i + 25).map((s) => ({ PutRequest: { Item: toItem(s, pathOf(s.orgId)) } }));
    for (let attempt = 0; requests && requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const reply: BatchWriteCommandOutput = await db().send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = reply.UnprocessedItems?.[table];
    }
  }
}

export function newStation(input: StationInput, id: string, now: Date, demo = false): Station {
  return { ...input, photoIds: [], id, demo, updatedAt: now.toISOString() };
}

/** Counts what a search costs, for the response log and the benchmark. */
export type ReadStats = QueryStats;

/** Every station of one geohash-5 cell whose geohash lies between two geohash-6 prefixes (inclusive). */
export async function queryCellRange(cell5: string, from: string, to: string, stats: ReadStats): Promise<Station[]> {
  const items = await queryAll(
    {
      TableName: tableName('stations'),
      IndexName: 'byCell',
      KeyConditionExpression: 'cell5 = :cell AND geohash BETWEEN :from AND :to',
      // '~' sorts after every geohash character, so `to~` includes all of `to`'s sub-cells
      ExpressionAttributeValues: { ':cell': cell5, ':from': from, ':to': `${to}~` },
    },
    stats,
  );
  return items.map(toStation);
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
      await db().send(
        new UpdateCommand({
          TableName: tableName('stations'),
          Key: { id: station.id },
          UpdateExpression: `SET ${scope.set}${scope.remove ? ` REMOVE ${scope.remove}` : ''}`,
          ConditionExpression: 'orgId = :org',
          ExpressionAttributeValues: { ...scope.values, ':org': orgId },
        }),
      );
      done++;
    } catch (error) {
      if (!isConditionFailed(error)) throw error; // given to another org meanwhile
    }
  }
  return { done, nextCursor: page.nextKey ? encodeCursor(page.nextKey) : undefined };
}
