import { createHash, randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import ngeohash from 'ngeohash';
import type { Station, StationInput } from '../../shared/schemas/station';
import { db, tableName } from '../lib/db';

/**
 * stations table: one item per station, keyed by id, location stored in GCJ-02 as lat/lng.
 *   byCell (cell5, geohash): every station of a geohash-5 cell (~4 × 5 km) sorted by its 9-character
 *     geohash, so a run of geohash-6 sub-cells is one Query with BETWEEN.
 *   byOrg (orgId, id): an org's stations, for staff lists and export.
 */
export const CELL_PRECISION = 5;
export const GEOHASH_PRECISION = 9;

type Item = Record<string, unknown>;

function toItem(station: Station): Item {
  const geohash = ngeohash.encode(station.location.lat, station.location.lng, GEOHASH_PRECISION);
  return { ...station, geohash, cell5: geohash.slice(0, CELL_PRECISION) };
}

export function toStation(item: Item): Station {
  const { geohash: _g, cell5: _c, ...station } = item;
  return station as unknown as Station;
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

export async function putStation(station: Station): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName('stations'), Item: toItem(station) }));
}

/** Writes many stations, 25 a request, retrying what DynamoDB leaves unprocessed. */
export async function putStations(stations: Station[]): Promise<void> {
  const table = tableName('stations');
  for (let i = 0; i < stations.length; i += 25) {
    let requests: Record<string, unknown>[] | undefined = stations.slice(i, i + 25).map((s) => ({ PutRequest: { Item: toItem(s) } }));
    for (let attempt = 0; requests && requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const reply = await db().send(new BatchWriteCommand({ RequestItems: { [table]: requests as never } }));
      requests = reply.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
    }
  }
}

export function newStation(input: StationInput, id: string, now: Date, demo = false): Station {
  return { ...input, id, demo, updatedAt: now.toISOString() };
}

/** Counts what a search costs, for the response log and the benchmark. */
export interface ReadStats {
  requests: number;
  itemsRead: number;
}

/** Every station of one geohash-5 cell whose geohash lies between two geohash-6 prefixes (inclusive). */
export async function queryCellRange(cell5: string, from: string, to: string, stats: ReadStats): Promise<Station[]> {
  const stations: Station[] = [];
  let cursor: Item | undefined;
  do {
    const reply: QueryCommandOutput = await db().send(
      new QueryCommand({
        TableName: tableName('stations'),
        IndexName: 'byCell',
        KeyConditionExpression: 'cell5 = :cell AND geohash BETWEEN :from AND :to',
        // '~' sorts after every geohash character, so `to~` includes all of `to`'s sub-cells
        ExpressionAttributeValues: { ':cell': cell5, ':from': from, ':to': `${to}~` },
        ExclusiveStartKey: cursor,
      }),
    );
    stats.requests += 1;
    stats.itemsRead += reply.ScannedCount ?? reply.Items?.length ?? 0;
    stations.push(...(reply.Items ?? []).map(toStation));
    cursor = reply.LastEvaluatedKey;
  } while (cursor);
  return stations;
}

export async function listStationsOfOrg(orgId: string): Promise<Station[]> {
  const stations: Station[] = [];
  let cursor: Item | undefined;
  do {
    const reply: QueryCommandOutput = await db().send(
      new QueryCommand({
        TableName: tableName('stations'),
        IndexName: 'byOrg',
        KeyConditionExpression: 'orgId = :org',
        ExpressionAttributeValues: { ':org': orgId },
        ExclusiveStartKey: cursor,
      }),
    );
    stations.push(...(reply.Items ?? []).map(toStation));
    cursor = reply.LastEvaluatedKey;
  } while (cursor);
  return stations;
}
