import { createHash, randomUUID } from 'node:crypto';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import ngeohash from 'ngeohash';
import { Station, type StationInput } from '../../shared/schemas/station';
import { db, tableName } from '../lib/db';
import { queryAll, recordOf, type Item, type QueryStats } from '../lib/dynamo';

/**
 * stations table: one item per station, keyed by id, location stored in GCJ-02 as lat/lng.
 *   byCell (cell5, geohash): every station of a geohash-5 cell (~4 × 5 km) sorted by its 9-character
 *     geohash, so a run of geohash-6 sub-cells is one Query with BETWEEN.
 *   byOrg (orgId, id): an org's stations, for staff lists and export.
 */
export const CELL_PRECISION = 5;
export const GEOHASH_PRECISION = 9;

/** A station as stored: the shared (strict) schema, with the index keys geohash and cell5 dropped. */
const StationRecord = Station.strip();

function toItem(station: Station): Item {
  const geohash = ngeohash.encode(station.location.lat, station.location.lng, GEOHASH_PRECISION);
  return { ...station, geohash, cell5: geohash.slice(0, CELL_PRECISION) };
}

export function toStation(item: Item): Station {
  return recordOf(StationRecord, item);
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

type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];

/** Writes many stations, 25 a request, retrying what DynamoDB leaves unprocessed. */
export async function putStations(stations: Station[]): Promise<void> {
  const table = tableName('stations');
  for (let i = 0; i < stations.length; i += 25) {
    let requests: WriteRequests | undefined = stations.slice(i, i + 25).map((s) => ({ PutRequest: { Item: toItem(s) } }));
    for (let attempt = 0; requests && requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const reply: BatchWriteCommandOutput = await db().send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = reply.UnprocessedItems?.[table];
    }
  }
}

export function newStation(input: StationInput, id: string, now: Date, demo = false): Station {
  return { ...input, id, demo, updatedAt: now.toISOString() };
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

export async function listStationsOfOrg(orgId: string): Promise<Station[]> {
  const items = await queryAll({
    TableName: tableName('stations'),
    IndexName: 'byOrg',
    KeyConditionExpression: 'orgId = :org',
    ExpressionAttributeValues: { ':org': orgId },
  });
  return items.map(toStation);
}
