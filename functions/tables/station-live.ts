import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { BEIJING_OFFSET_MS, beijingDate } from '../../shared/beijing-time';
import { LIVE_REPORT_MINUTES, type LiveStatusKind, type LiveSummary } from '../../shared/schemas/live';
import type { LatLng } from '../../shared/schemas/station';
import { db, tableName } from '../lib/db';
import type { Item } from '../lib/dynamo';
import { pointBits, regionOf } from '../stations/nearby/cells';
import { shortKey } from '../stations/nearby/entries';
import { indexed, type Layer } from './station-index';

/**
 * Live status and today's visits (docs/station-network.md, "Live status and today's visits"): small
 * items in the nearby index's view partitions, so the view Query of a run of cells returns them in
 * the same request as the rows.
 *   w<layer>#<region> / <pointBits(location)>#<short key>#<yyyymmdd>   (Beijing day)
 *     v          visits that day (ADD)
 *     r          reports (string set, ADD): `<milliseconds since epoch, base 36>.<code>.<who>`
 *     expiresAt  the end of the next Beijing day (TTL)
 * `#` sorts before `0` and `1`: a station's items lie right under the cell that holds its point,
 * whatever the cells split into, so they are written without looking at the directory and never
 * move. One item per layer the station is in (`ixl` on the station item).
 */
export type LiveItem = Item & { pk: string; sk: string; v?: number; r?: Set<string> };

/** A report's code: `c` 门关着 in open hours, `x` outside them, `h` 没热水, `b` 设备坏了, `o` 一切正常. */
export type ReportCode = 'c' | 'x' | 'h' | 'b' | 'o';
const statusOfCode: Record<ReportCode, LiveStatusKind> = { c: 'closed', x: 'closed', h: 'no-hot-water', b: 'broken', o: 'ok' };
/** The code of a tap; 门关着 depends on whether the station should be open by its hours. */
export function codeFor(status: LiveStatusKind, openByHours: boolean): ReportCode {
  if (status === 'closed') return openByHours ? 'c' : 'x';
  return ({ 'no-hot-water': 'h', broken: 'b', ok: 'o' } as const)[status];
}

/** "20261130": the Beijing day of `at`, as live items are keyed. */
export const liveDay = (at: Date) => beijingDate(at).replace(/-/g, '');
const DAY_MS = 24 * 3600_000;
/** Epoch seconds at the end of the Beijing day after `at`'s. */
function expiresAtFor(at: Date): number {
  const startOfDay = Math.floor((at.getTime() + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS;
  return Math.floor((startOfDay + 2 * DAY_MS) / 1000);
}

type Placed = { id: string; location: LatLng };

/** `<point bits>#<short key>`: what a station's live items begin with (its point as the index keeps it). */
export const liveOwner = (station: Placed) => `${pointBits(indexed(station.location))}#${shortKey(station.id)}`;

export function liveKey(station: Placed, layer: Layer, at: Date): { pk: string; sk: string } {
  const bits = pointBits(indexed(station.location));
  return { pk: `w${layer}#${regionOf(bits)}`, sk: `${liveOwner(station)}#${liveDay(at)}` };
}

/** An item of a view partition is a live item when its sort key holds `#` (cells are bits only). */
export const isLiveItem = (item: Item) => typeof item.sk === 'string' && item.sk.includes('#');
/** The owner (`<bits>#<key>`) of a live item read back. */
export const ownerOfItem = (item: Item) => (item.sk as string).slice(0, (item.sk as string).lastIndexOf('#'));

/**
 * A report's set element. Its time is the tap's to the millisecond (8 base-36 digits), so which of
 * two taps came later is known even within a second, one person's too (an 一切正常 two seconds after
 * a 门关着 hides it, and the other way round). `who`: 6 characters of a hash of the person and the
 * station (no day, so one person tapping either side of midnight is one person), so a person counts
 * once and is not identifiable (nor followed from one station to another).
 */
export function reportElement(code: ReportCode, userId: string, stationId: string, at: Date): string {
  const who = createHash('sha256').update(`${userId}\u0000${stationId}`).digest('base64url').slice(0, 6);
  return `${at.getTime().toString(36)}.${code}.${who}`;
}

/**
 * Elements written before times were exact carry the minute (5 base-36 digits until 2084; a time in
 * milliseconds has 8): read as the start of their minute. They live at most until the end of the
 * next Beijing day (TTL, and reads stop at yesterday), so this only bridges the deploy.
 */
const MINUTE_DIGITS = 5;

/**
 * Report elements a station's day item takes (the hourly allowance is per account, so without it a
 * crowd of accounts could grow one item without bound): past it, taps are refused that day.
 */
export const LIVE_REPORTS_PER_DAY = 300;

export interface LiveChange {
  /** visits to add */
  visits?: number;
  /** report elements to add */
  reports?: string[];
}

/**
 * The TransactWrite Update steps of a change, one per layer the station is in (`layers`: its `ixl`).
 * Visits are never conditional: a crowd at one door adds up (the item is retried on conflict by the
 * caller). Reports are, on the day item holding fewer than LIVE_REPORTS_PER_DAY elements: a failed
 * condition on one of these steps means the station has had its day's reports.
 */
export function liveSteps(station: Placed, layers: string, change: LiveChange, at: Date) {
  const adds: string[] = [];
  const values: Record<string, unknown> = { ':expires': expiresAtFor(at) };
  if (change.visits) {
    adds.push('v :v');
    values[':v'] = change.visits;
  }
  const reporting = !!change.reports?.length;
  if (reporting) {
    adds.push('r :r');
    values[':r'] = new Set(change.reports);
    values[':cap'] = LIVE_REPORTS_PER_DAY;
  }
  if (adds.length === 0) return [];
  return [...new Set(layers)].map((layer) => ({
    Update: {
      TableName: tableName('stationIndex'),
      Key: liveKey(station, layer as Layer, at),
      UpdateExpression: `ADD ${adds.join(', ')} SET expiresAt = if_not_exists(expiresAt, :expires)`,
      ...(reporting ? { ConditionExpression: 'attribute_not_exists(r) OR size(r) < :cap' } : {}),
      ExpressionAttributeValues: values,
    },
  }));
}

/**
 * A station's live items of yesterday and today (Beijing days of `now`, in layer `a`): one Query.
 * Bounded by day rather than left to the TTL, which may lag up to two days on AWS (DynamoDB Local
 * never expires anything), so older days are never read.
 */
export async function readStationLive(station: Placed, now: Date, consistent = false): Promise<LiveItem[]> {
  const bits = pointBits(indexed(station.location));
  const owner = liveOwner(station);
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName('stationIndex'),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': `wa#${regionOf(bits)}`,
        ':from': `${owner}#${liveDay(new Date(now.getTime() - DAY_MS))}`,
        ':to': `${owner}#${liveDay(now)}`,
      },
      ConsistentRead: consistent,
    }),
  );
  return Items as LiveItem[];
}

/** Today's visits at a station, read back (consistent) from its layer-`a` item. */
export async function todayVisitsOf(station: Placed, at: Date): Promise<number> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName('stationIndex'),
      Key: liveKey(station, 'a', at),
      ProjectionExpression: 'v',
      ConsistentRead: true,
    }),
  );
  return typeof Item?.v === 'number' ? Item.v : 0;
}

export interface ParsedReport {
  /** when, in milliseconds since epoch (an old minute-only element: the start of its minute) */
  at: number;
  code: ReportCode;
  who: string;
}

/** The report elements of some live items, parsed (malformed ones skipped). */
export function reportsOf(items: readonly Item[]): ParsedReport[] {
  const out: ParsedReport[] = [];
  for (const item of items)
    for (const element of item.r instanceof Set ? (item.r as Set<string>) : []) {
      const [time, code, who] = element.split('.');
      if (!time || !who || !(code! in statusOfCode)) continue;
      const value = parseInt(time, 36);
      if (!Number.isFinite(value)) continue;
      out.push({ at: time.length <= MINUTE_DIGITS ? value * 60_000 : value, code: code as ReportCode, who });
    }
  return out;
}

/**
 * What a station's users said, as the list and the detail show it: today's visits, and of the
 * reports of the last LIVE_REPORT_MINUTES, per problem still standing (no 一切正常 after it) the
 * distinct people and the minutes since the first of them — and the 一切正常 said after the last
 * problem, if any, the same way — newest first. "After" is by the taps' exact times; a problem and
 * an 一切正常 in the very same millisecond: the problem stands.
 */
export function summarise(items: readonly Item[], now: Date): LiveSummary {
  const today = liveDay(now);
  const todayVisits = items
    .filter((item) => (item.sk as string).endsWith(`#${today}`))
    .reduce((sum, item) => sum + (Number(item.v) || 0), 0);
  const nowMs = now.getTime();
  const recent = reportsOf(items).filter((r) => nowMs - r.at < LIVE_REPORT_MINUTES * 60_000);
  const lastOf = (list: ParsedReport[]) => Math.max(-Infinity, ...list.map((r) => r.at));
  const lastOk = lastOf(recent.filter((r) => r.code === 'o'));
  const problems = recent.filter((r) => r.code !== 'o' && r.at >= lastOk);
  const lastProblem = lastOf(problems);
  const standing = [...problems, ...recent.filter((r) => r.code === 'o' && r.at > lastProblem)];
  const byStatus = new Map<LiveStatusKind, ParsedReport[]>();
  for (const r of standing) byStatus.set(statusOfCode[r.code], [...(byStatus.get(statusOfCode[r.code]) ?? []), r]);
  const reports = [...byStatus].map(([status, list]) => ({
    status,
    people: new Set(list.map((r) => r.who)).size,
    withinMinutes: Math.max(0, Math.ceil((nowMs - Math.min(...list.map((r) => r.at))) / 60_000)),
    latestAt: new Date(lastOf(list)).toISOString(),
  }));
  reports.sort((a, b) => b.latestAt.localeCompare(a.latestAt));
  return { todayVisits, reports };
}

/** Whether a summary has anything to show on a list row. */
export const hasLive = (live: LiveSummary) => live.todayVisits > 0 || live.reports.length > 0;

/**
 * The visit marker (`network` table, `visit#<station>#<sha256(user), 16 hex>` / `-`: no user id in
 * it): one visit per person and station in VISIT_EVERY_MS. Its condition makes 50 scans one visit;
 * the TTL clears it after a day.
 */
export const VISIT_EVERY_MS = 2 * 3600_000;
export const visitMarkerKey = (stationId: string, userId: string) => ({
  pk: `visit#${stationId}#${createHash('sha256').update(userId).digest('hex').slice(0, 16)}`,
  sk: '-',
});
export function visitMarkerStep(stationId: string, userId: string, at: Date) {
  return {
    Update: {
      TableName: tableName('network'),
      Key: visitMarkerKey(stationId, userId),
      UpdateExpression: 'SET #at = :at, expiresAt = :expires',
      ConditionExpression: 'attribute_not_exists(pk) OR #at < :since',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: {
        ':at': at.toISOString(),
        ':since': new Date(at.getTime() - VISIT_EVERY_MS).toISOString(),
        ':expires': Math.floor(at.getTime() / 1000) + 24 * 3600,
      },
    },
  };
}
