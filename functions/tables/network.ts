import { createHash } from 'node:crypto';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { beijingDate, fromBeijing } from '../../shared/beijing-time';
import { InspectionItemKey } from '../../shared/schemas/network';
import { Occupation } from '../../shared/schemas/membership';
import { StationKind, type Station } from '../../shared/schemas/station';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { db, tableName } from '../lib/db';
import { failedConditions, recordOf, withConflictRetry, type Item } from '../lib/dynamo';
import { queryScopePage, scopeAttributes, scopeUpdate, withoutScope, type Scoped } from '../lib/scope-keys';
import { reportPut, type StoredReport } from './feedback';
import { statsSteps } from './stats';

/**
 * network table (pk, sk; scope GSIs byScope0..4; TTL expiresAt), the supervisors' and inspections'
 * part (docs/station-network.md, "The network table"; visit markers are tables/station-live.ts's):
 *   sup#<userId> / st#<stationId>        a supervisor's station: 我监督的驿站, one Query a page
 *   sup#<userId> / insp#<at>#<id>        a supervisor's inspection → its station and sort key (注销 finds them)
 *   st#<stationId> / sup#<userId>        the station's supervisor (masked name, 会员号): the staff list, the 403 check
 *   st#<stationId> / insp#<at>#<id>      an inspection, whole (photo keys, not links): the history, newest first
 *   insp#<id> / -                        marker → the station and sort key of the inspection (a retry finds it)
 *   due#<stationId> / -                  scope list `inspect`, listKey `<lastInspectedAt | 0000>#<id>`, or
 *                                        `!<…>#<id>` while flagged (reported closed twice in open hours):
 *                                        the overdue list, flagged first, then the longest uninspected
 *   best#<stationId> / -                 scope list `best`, listKey `<100 − score>#<at>#<id>`: 最美驿站 candidates
 */
const T = () => tableName('network');
type Step = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// ---- quarters ------------------------------------------------------------------------------------

/** The instant this Beijing calendar quarter began (every station is inspected at least once a quarter). */
export function quarterStart(at: Date | string = new Date()): string {
  const [year, month] = beijingDate(at).split('-').map(Number) as [number, number];
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return fromBeijing(`${year}-${String(first).padStart(2, '0')}-01`, '00:00')!;
}

// ---- due items: the overdue list -----------------------------------------------------------------

export const INSPECT_LIST = 'inspect';
export const BEST_LIST = 'best';
const dueKey = (stationId: string) => ({ pk: `due#${stationId}`, sk: '-' });
const bestKey = (stationId: string) => ({ pk: `best#${stationId}`, sk: '-' });
const NEVER = '0000';
const dueListKey = (stationId: string, lastInspectedAt: string | undefined, flagged: boolean) =>
  `${flagged ? '!' : ''}${lastInspectedAt ?? NEVER}#${stationId}`;

/**
 * The SET/REMOVE parts that put an item into `list` of `path`: the scope attributes of every depth
 * of the path (deeper ones removed, for an org moved up) and the list key — kept when the item has
 * one (`keepListKey`), left alone altogether when `listKey` is null.
 */
function listedUpdate(path: readonly string[], list: string, listKey: string | null, keepListKey = false) {
  const scope = scopeUpdate(path, list, listKey ?? '');
  const { ':listKey': key, ...values } = scope.values;
  const scopes = Object.keys(values).map((name) => `${name.slice(1)} = ${name}`);
  const set = [
    ...(listKey === null ? [] : [keepListKey ? 'listKey = if_not_exists(listKey, :listKey)' : 'listKey = :listKey']),
    ...scopes,
  ].join(', ');
  return { set, remove: scope.remove, values: listKey === null ? values : { ...values, ':listKey': key } };
}

/**
 * The TransactWrite step that keeps a station's due item with its station: a station write puts it
 * in the same transaction (new and edited stations, imports, org moves). It sets what the overdue
 * list shows and the scope of the station's org path; the list key is set only when the item has
 * none, so what an inspection or a 门关着 flag set stays.
 */
export function dueSteps(station: Pick<Station, 'id' | 'name' | 'kind' | 'orgId'>, orgPath: readonly string[]) {
  const listed = listedUpdate(orgPath, INSPECT_LIST, dueListKey(station.id, undefined, false), true);
  return [
    {
      Update: {
        TableName: T(),
        Key: dueKey(station.id),
        UpdateExpression: `SET stationId = :stationId, #name = :name, #kind = :kind, orgId = :orgId, ${listed.set}${listed.remove ? ` REMOVE ${listed.remove}` : ''}`,
        ExpressionAttributeNames: { '#name': 'name', '#kind': 'kind' },
        ExpressionAttributeValues: {
          ':stationId': station.id,
          ':name': station.name,
          ':kind': station.kind,
          ':orgId': station.orgId,
          ...listed.values,
        },
      },
    },
  ];
}

const DueRecord = z.object({
  stationId: z.string(),
  name: z.string(),
  orgId: z.string(),
  kind: StationKind,
  lastInspectedAt: z.string().optional(),
  lastScore: z.number().int().optional(),
  flagged: z.boolean().default(false),
});
type DueRecord = z.infer<typeof DueRecord>;

/** A station's due item as stored (its org included), or null. */
async function readDue(stationId: string): Promise<(Partial<DueRecord> & { orgId?: string }) | null> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: dueKey(stationId), ConsistentRead: true }));
  if (!Item) return null;
  return {
    ...(typeof Item.orgId === 'string' ? { orgId: Item.orgId } : {}),
    ...(typeof Item.lastInspectedAt === 'string' ? { lastInspectedAt: Item.lastInspectedAt } : {}),
    ...(typeof Item.lastScore === 'number' ? { lastScore: Item.lastScore } : {}),
    flagged: Item.flagged === true,
  };
}

/** A station's last inspection and whether it is flagged; null when it has no due item (written before them). */
export async function getDue(stationId: string): Promise<{ lastInspectedAt?: string; lastScore?: number; flagged?: boolean } | null> {
  const due = await readDue(stationId);
  if (!due) return null;
  const { orgId: _org, ...rest } = due;
  return rest;
}

/** The due items of these stations (≤ 100: one BatchGet, unprocessed keys retried). */
async function dueOf(stationIds: readonly string[]): Promise<Map<string, DueRecord>> {
  const found = new Map<string, DueRecord>();
  let keys: Record<string, unknown>[] = [...new Set(stationIds)].map(dueKey);
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    const reply = await db().send(new BatchGetCommand({ RequestItems: { [T()]: { Keys: keys } } }));
    for (const item of reply.Responses?.[T()] ?? []) {
      const due = DueRecord.safeParse(withoutScope(item));
      if (due.success) found.set(due.data.stationId, due.data);
    }
    keys = (reply.UnprocessedKeys?.[T()]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  return found;
}

/** Of these stations, those without a due item (scripts/backfill-station-index.ts writes them). */
export async function stationsWithoutDue(stationIds: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (let i = 0; i < stationIds.length; i += 100) for (const id of (await dueOf(stationIds.slice(i, i + 100))).keys()) found.add(id);
  return stationIds.filter((id) => !found.has(id));
}

/**
 * Writes the due items of stations that have none (written before them: scripts/backfill-station-index.ts),
 * ≤ 25 stations a transaction: each due item conditional on still being absent (a station write
 * meanwhile wrote it) beside a check that the station is still of the org read. Stations whose org is
 * unknown (`pathOf` answers nothing) are left out. Answers the ids it wrote.
 */
export async function writeMissingDues(
  stations: readonly Pick<Station, 'id' | 'name' | 'kind' | 'orgId'>[],
  pathOf: (orgId: string) => readonly string[] | undefined,
): Promise<string[]> {
  const written: string[] = [];
  const known = stations.filter((s) => pathOf(s.orgId) !== undefined);
  for (let i = 0; i < known.length; i += 25) {
    let pending = known.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const steps = pending.flatMap((s): Step[] => [
        {
          ConditionCheck: {
            TableName: tableName('stations'),
            Key: { id: s.id },
            ConditionExpression: 'orgId = :org',
            ExpressionAttributeValues: { ':org': s.orgId },
          },
        },
        ...dueSteps(s, pathOf(s.orgId)!).map((step) => ({ Update: { ...step.Update, ConditionExpression: 'attribute_not_exists(pk)' } })),
      ]);
      try {
        await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: steps })));
        written.push(...pending.map((s) => s.id));
        break;
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed?.some(Boolean) || attempt >= 8) throw error;
        // moved, or written by a station write meanwhile: that write placed it
        pending = pending.filter((_, n) => !failed[2 * n] && !failed[2 * n + 1]);
      }
    }
  }
  return written;
}

/**
 * A station reported closed twice in its open hours goes to the top of the overdue list until it is
 * inspected: its due item flagged, its list key `!<…>` (sorts before any date). No due item (a
 * station from before them): nothing. Flagged already: nothing. Conditional on the last inspection
 * read, so an inspection meanwhile (which clears the flag) is not undone.
 */
export async function flagClosedTwice(stationId: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const due = await getDue(stationId);
    if (!due || due.flagged) return;
    try {
      await db().send(
        new UpdateCommand({
          TableName: T(),
          Key: dueKey(stationId),
          UpdateExpression: 'SET flagged = :true, listKey = :listKey',
          ConditionExpression: due.lastInspectedAt
            ? 'lastInspectedAt = :last AND flagged <> :true'
            : 'attribute_exists(pk) AND attribute_not_exists(lastInspectedAt) AND (attribute_not_exists(flagged) OR flagged <> :true)',
          ExpressionAttributeValues: {
            ':true': true,
            ':listKey': dueListKey(stationId, due.lastInspectedAt, true),
            ...(due.lastInspectedAt ? { ':last': due.lastInspectedAt } : {}),
          },
        }),
      );
      return;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      // inspected or flagged meanwhile: read again
    }
  }
}

/** A page of the stations of an org's subtree not inspected since `quarterStart(now)`: flagged first, then the longest uninspected. */
export async function overduePage(
  org: Scoped,
  limit: number,
  cursor?: string,
  now = new Date(),
): Promise<{ stations: (Omit<DueRecord, 'flagged'> & { flagged: boolean })[]; nextCursor?: string }> {
  const page = await queryScopePage({
    table: 'network',
    org,
    list: INSPECT_LIST,
    limit,
    cursor,
    ascending: true,
    // `!…` (flagged) and `0000…` (never) sort before every date
    range: { op: '<', value: quarterStart(now) },
  });
  return { stations: page.items.map((item) => recordOf(DueRecord, withoutScope(item))), nextCursor: page.nextCursor };
}

const BestRecord = z.object({
  stationId: z.string(),
  name: z.string(),
  orgId: z.string(),
  score: z.number().int(),
  submittedAt: z.string(),
  inspectionId: z.string(),
});
export type BestEntry = z.infer<typeof BestRecord>;

/** 最美驿站 candidates of an org's subtree: each station's latest score, best first (then the most recently inspected of equals last). One Query. */
export async function bestPage(org: Scoped, limit: number, cursor?: string): Promise<{ stations: BestEntry[]; nextCursor?: string }> {
  const page = await queryScopePage({ table: 'network', org, list: BEST_LIST, limit, cursor, ascending: true });
  return { stations: page.items.map((item) => recordOf(BestRecord, withoutScope(item))), nextCursor: page.nextCursor };
}

/**
 * After stations changed org (an org move's rescope, a station given to another org): the scope of
 * their best items, where they have one. One conditional Update each (no best item: nothing).
 */
export async function rescopeBest(stationId: string, orgPath: readonly string[], orgId: string): Promise<void> {
  const scope = listedUpdate(orgPath, BEST_LIST, null);
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: bestKey(stationId),
        UpdateExpression: `SET orgId = :orgId, ${scope.set}${scope.remove ? ` REMOVE ${scope.remove}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ...scope.values, ':orgId': orgId },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error; // never inspected: no best item
  }
}

// ---- supervisors ---------------------------------------------------------------------------------

const supKey = (userId: string, stationId: string) => ({ pk: `sup#${userId}`, sk: `st#${stationId}` });
const stationSupKey = (stationId: string, userId: string) => ({ pk: `st#${stationId}`, sk: `sup#${userId}` });

export const SupervisorRecord = z.object({
  userId: z.string(),
  /** masked */
  name: z.string(),
  memberNo: z.string(),
  occupation: Occupation.optional(),
  appointedAt: z.string(),
});
export type SupervisorRecord = z.infer<typeof SupervisorRecord>;

export const SupervisedRecord = z.object({
  stationId: z.string(),
  name: z.string(),
  address: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }),
  orgId: z.string(),
  appointedAt: z.string(),
  lastInspectedAt: z.string().optional(),
  lastScore: z.number().int().optional(),
});
export type SupervisedRecord = z.infer<typeof SupervisedRecord>;

/**
 * Appoints a worker as supervisor of these stations (≤ 20): both items of each appointment in one
 * transaction. Appointing again changes nothing but what the items show (name, address); the first
 * appointment's time stays.
 */
export async function appointSupervisor(
  supervisor: Omit<SupervisorRecord, 'appointedAt'>,
  stations: readonly Pick<Station, 'id' | 'name' | 'address' | 'location' | 'orgId'>[],
  now = new Date(),
): Promise<void> {
  if (stations.length === 0 || stations.length > 20) throw new Error('appoint 1–20 stations at a time');
  const at = now.toISOString();
  const steps = stations.flatMap((s): Step[] => [
    {
      Update: {
        TableName: T(),
        Key: stationSupKey(s.id, supervisor.userId),
        UpdateExpression: `SET userId = :userId, #name = :name, memberNo = :memberNo, appointedAt = if_not_exists(appointedAt, :at)${supervisor.occupation ? ', occupation = :occupation' : ''}`,
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':userId': supervisor.userId,
          ':name': supervisor.name,
          ':memberNo': supervisor.memberNo,
          ':at': at,
          ...(supervisor.occupation ? { ':occupation': supervisor.occupation } : {}),
        },
      },
    },
    {
      Update: {
        TableName: T(),
        Key: supKey(supervisor.userId, s.id),
        UpdateExpression:
          'SET stationId = :stationId, #name = :name, address = :address, #loc = :loc, orgId = :orgId, appointedAt = if_not_exists(appointedAt, :at)',
        ExpressionAttributeNames: { '#name': 'name', '#loc': 'location' },
        ExpressionAttributeValues: {
          ':stationId': s.id,
          ':name': s.name,
          ':address': s.address,
          ':loc': { lat: s.location.lat, lng: s.location.lng },
          ':orgId': s.orgId,
          ':at': at,
        },
      },
    },
  ]);
  await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: steps })));
}

/** Ends an appointment (both items, one transaction); false when there was none. */
export async function removeSupervisor(userId: string, stationId: string): Promise<boolean> {
  try {
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: T(), Key: stationSupKey(stationId, userId), ConditionExpression: 'attribute_exists(pk)' } },
            { Delete: { TableName: T(), Key: supKey(userId, stationId) } },
          ],
        }),
      ),
    );
    return true;
  } catch (error) {
    if (failedConditions(error)?.[0]) return false;
    throw error;
  }
}

/** The appointment of `userId` to `stationId` (as the station's list has it), or null. */
export async function getSupervisor(userId: string, stationId: string): Promise<SupervisorRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: stationSupKey(stationId, userId), ConsistentRead: true }));
  return Item ? recordOf(SupervisorRecord, Item) : null;
}

/** Whether `userId` is one of the station's volunteer supervisors: one GetItem. */
export async function isSupervisor(userId: string, stationId: string): Promise<boolean> {
  return (await getSupervisor(userId, stationId)) !== null;
}

/** Whether `userId` supervises any station (they may upload evidence photos): one Query of one item. */
export async function supervisesAny(userId: string): Promise<boolean> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :st)',
      ExpressionAttributeValues: { ':pk': `sup#${userId}`, ':st': 'st#' },
      Limit: 1,
    }),
  );
  return Items.length > 0;
}

const KeyCursor = z.strictObject({ pk: z.string().max(200), sk: z.string().max(400) });

/** A page of a Query on one partition; a cursor from another partition is refused as bad input. */
async function partitionPage(pk: string, prefix: string, limit: number, cursor: string | undefined, newestFirst: boolean) {
  const start = decodeCursor(cursor, KeyCursor);
  if (start && (start.pk !== pk || !start.sk.startsWith(prefix))) {
    decodeCursor('!', KeyCursor); // throws the one bad-cursor error
  }
  const reply = await db().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ScanIndexForward: !newestFirst,
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  const last = reply.LastEvaluatedKey;
  return { items: (reply.Items ?? []) as Item[], nextCursor: last ? encodeCursor({ pk: last.pk, sk: last.sk }) : undefined };
}

/** A page of a station's supervisors (by user id). */
export async function stationSupervisorsPage(stationId: string, limit: number, cursor?: string) {
  const page = await partitionPage(`st#${stationId}`, 'sup#', limit, cursor, false);
  return { supervisors: page.items.map((item) => recordOf(SupervisorRecord, item)), nextCursor: page.nextCursor };
}

const StationPlace = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }),
});
type StationPlace = z.infer<typeof StationPlace>;

/**
 * The due items and the stations' current name, address and location of these stations: one
 * BatchGet of both tables per 50 stations (unprocessed keys retried).
 */
async function duesAndPlacesOf(stationIds: readonly string[]) {
  const dues = new Map<string, DueRecord>();
  const places = new Map<string, StationPlace>();
  const [network, stations] = [T(), tableName('stations')];
  const ids = [...new Set(stationIds)];
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    let request: BatchGetCommandInput['RequestItems'] = {
      [network]: { Keys: chunk.map(dueKey) },
      [stations]: {
        Keys: chunk.map((id) => ({ id })),
        ProjectionExpression: 'id, #name, address, #loc',
        ExpressionAttributeNames: { '#name': 'name', '#loc': 'location' },
      },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const reply: BatchGetCommandOutput = await db().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of reply.Responses?.[network] ?? []) {
        const due = DueRecord.safeParse(withoutScope(item));
        if (due.success) dues.set(due.data.stationId, due.data);
      }
      for (const item of reply.Responses?.[stations] ?? []) {
        const place = StationPlace.safeParse(item);
        if (place.success) places.set(place.data.id, place.data);
      }
      request = reply.UnprocessedKeys;
    }
  }
  return { dues, places };
}

/**
 * A page of the stations `userId` supervises, each as the station is now (its name, address and
 * location: the appointment's copies are only a fallback, stations are edited) and with its last
 * inspection by anyone (its due item): one Query and one BatchGet (due items and stations) a page.
 */
export async function supervisionPage(userId: string, limit: number, cursor?: string) {
  const page = await partitionPage(`sup#${userId}`, 'st#', limit, cursor, false);
  const stations = page.items.map((item) => recordOf(SupervisedRecord, item));
  const { dues, places } = stations.length
    ? await duesAndPlacesOf(stations.map((s) => s.stationId))
    : { dues: new Map<string, DueRecord>(), places: new Map<string, StationPlace>() };
  return {
    stations: stations.map((s) => {
      const due = dues.get(s.stationId);
      const place = places.get(s.stationId);
      const lastInspectedAt = due?.lastInspectedAt ?? s.lastInspectedAt;
      const lastScore = due?.lastInspectedAt ? due.lastScore : s.lastScore;
      return {
        ...s,
        ...(place ? { name: place.name, address: place.address, location: place.location } : {}),
        lastInspectedAt,
        lastScore,
      };
    }),
    nextCursor: page.nextCursor,
  };
}

/**
 * 注销 (functions/account/erasure.ts): one page (≤ `limit`) of what the network table holds about a
 * supervisor, from their own partition: each appointment ended (both items), each inspection kept
 * for the station's history with `erasedId` and `erasedName` in place of them (its entry in their
 * partition deleted). What is done leaves the partition: the next page reads from the top again.
 */
export async function eraseSupervisorPage(userId: string, erasedId: string, erasedName: string, limit: number): Promise<number> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `sup#${userId}` },
      Limit: limit,
    }),
  );
  await Promise.all(
    Items.map(async (item) => {
      const sk = String(item.sk);
      if (sk.startsWith('insp#')) {
        await db()
          .send(
            new UpdateCommand({
              TableName: T(),
              Key: { pk: `st#${String(item.stationId)}`, sk: String(item.ref) },
              UpdateExpression: 'SET supervisorId = :erased, supervisorName = :name',
              ConditionExpression: 'supervisorId = :u',
              ExpressionAttributeValues: { ':erased': erasedId, ':name': erasedName, ':u': userId },
            }),
          )
          .catch((error: Error) => {
            if (error.name !== 'ConditionalCheckFailedException') throw error; // done before
          });
      }
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: T(), Key: { pk: `sup#${userId}`, sk } } },
            ...(sk.startsWith('st#') ? [{ Delete: { TableName: T(), Key: stationSupKey(sk.slice(3), userId) } }] : []),
          ],
        }),
      );
    }),
  );
  return Items.length;
}

// ---- inspections ---------------------------------------------------------------------------------

/** An inspection's id from the supervisor and the app's request id: a replayed submit finds the first. */
export function inspectionIdFor(userId: string, clientRequestId: string): string {
  return `i-${createHash('sha256').update(`${userId}\u0000${clientRequestId}`).digest('hex').slice(0, 24)}`;
}

/** A failed item's task (a problem report) id: one per inspection and item. */
export function taskIdFor(inspectionId: string, item: string): string {
  return `r-${createHash('sha256').update(`${inspectionId}\u0000${item}`).digest('hex').slice(0, 24)}`;
}

export const StoredInspectionItem = z.object({
  item: InspectionItemKey,
  result: z.enum(['pass', 'fail', 'na']),
  note: z.string().optional(),
  /** evidence photo keys (lib/evidence-photos.ts) */
  photoKeys: z.array(z.string()).default([]),
  taskId: z.string().optional(),
});
export const InspectionRecord = z.object({
  id: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  orgId: z.string(),
  supervisorId: z.string(),
  /** masked */
  supervisorName: z.string(),
  submittedAt: z.string(),
  distanceMeters: z.number().int(),
  score: z.number().int(),
  failed: z.number().int(),
  items: z.array(StoredInspectionItem),
});
export type InspectionRecord = z.infer<typeof InspectionRecord>;

const inspectionSk = (i: Pick<InspectionRecord, 'submittedAt' | 'id'>) => `insp#${i.submittedAt}#${i.id}`;
const markerKey = (id: string) => ({ pk: `insp#${id}`, sk: '-' });
const Marker = z.object({ stationId: z.string(), ref: z.string() });

/** The inspection with this id (through its marker), or null. */
export async function getInspection(id: string): Promise<InspectionRecord | null> {
  const { Item: marker } = await db().send(new GetCommand({ TableName: T(), Key: markerKey(id), ConsistentRead: true }));
  if (!marker) return null;
  const { stationId, ref } = recordOf(Marker, marker);
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: { pk: `st#${stationId}`, sk: ref }, ConsistentRead: true }));
  return Item ? recordOf(InspectionRecord, Item) : null;
}

/** A page of a station's inspections, newest first: one Query. */
export async function inspectionsPage(stationId: string, limit: number, cursor?: string) {
  const page = await partitionPage(`st#${stationId}`, 'insp#', limit, cursor, true);
  return { inspections: page.items.map((item) => recordOf(InspectionRecord, item)), nextCursor: page.nextCursor };
}

export type InspectionOutcome =
  | { created: InspectionRecord }
  | { existing: InspectionRecord }
  /** the appointment ended meanwhile */
  | { notSupervisor: true }
  /** the station was given to another org meanwhile: read it again */
  | { moved: true };

/**
 * Records an inspection in ONE transaction (docs/station-network.md, "Inspection"):
 *   0 the marker (must be new: a retried submit returns the first inspection),
 *   1 the supervisor's sup# item (must still exist: an appointment ended meanwhile refuses it),
 *   2 the station's due item (conditional on the last inspection read and the station's org, so
 *     `firstInQuarter` is counted exactly and a station moved meanwhile is read again); the flag is
 *     cleared and the list key set from this inspection,
 *   3 the best item, 4 the inspection itself, 5 its entry in the supervisor's partition, then one
 *   problem report per failed item (`tasks`, the feedback table, conditional on being new) and the
 *   `network` counters on the station org's path.
 * ≤ 12 failed items: ≤ 28 items with the counters of a 5-org path.
 */
export async function recordInspection(
  inspection: InspectionRecord,
  station: Pick<Station, 'id' | 'name' | 'kind' | 'orgId'>,
  orgPath: readonly string[],
  tasks: readonly StoredReport[],
): Promise<InspectionOutcome> {
  const sk = inspectionSk(inspection);
  for (let attempt = 0; ; attempt++) {
    const due = await readDue(station.id);
    // the station was given to another org since it was read (its due item moved with it): read it again
    if (due?.orgId && due.orgId !== station.orgId) return { moved: true };
    const previous = due?.lastInspectedAt;
    const firstInQuarter = !previous || previous < quarterStart(inspection.submittedAt);
    const listed = listedUpdate(orgPath, INSPECT_LIST, dueListKey(station.id, inspection.submittedAt, false));
    const steps = [
      {
        Put: {
          TableName: T(),
          Item: { ...markerKey(inspection.id), stationId: station.id, ref: sk },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: T(),
          Key: supKey(inspection.supervisorId, station.id),
          UpdateExpression: 'SET lastInspectedAt = :at, lastScore = :score',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': inspection.submittedAt, ':score': inspection.score },
        },
      },
      {
        Update: {
          TableName: T(),
          Key: dueKey(station.id),
          UpdateExpression: `SET stationId = :stationId, #name = :name, #kind = :kind, orgId = :orgId, lastInspectedAt = :at, lastScore = :score, flagged = :false, ${listed.set}${listed.remove ? ` REMOVE ${listed.remove}` : ''}`,
          ConditionExpression: `${previous ? 'lastInspectedAt = :previous' : 'attribute_not_exists(lastInspectedAt)'} AND (attribute_not_exists(orgId) OR orgId = :orgId)`,
          ExpressionAttributeNames: { '#name': 'name', '#kind': 'kind' },
          ExpressionAttributeValues: {
            ':stationId': station.id,
            ':name': station.name,
            ':kind': station.kind,
            ':orgId': station.orgId,
            ':at': inspection.submittedAt,
            ':score': inspection.score,
            ':false': false,
            ...(previous ? { ':previous': previous } : {}),
            ...listed.values,
          },
        },
      },
      {
        Put: {
          TableName: T(),
          Item: {
            ...bestKey(station.id),
            stationId: station.id,
            name: station.name,
            orgId: station.orgId,
            score: inspection.score,
            submittedAt: inspection.submittedAt,
            inspectionId: inspection.id,
            ...scopeAttributes(
              orgPath,
              BEST_LIST,
              `${String(100 - inspection.score).padStart(3, '0')}#${inspection.submittedAt}#${station.id}`,
            ),
          },
        },
      },
      { Put: { TableName: T(), Item: { pk: `st#${station.id}`, sk, ...inspection } } },
      // the supervisor's own list of their inspections (注销 finds them there: functions/account/erasure.ts)
      { Put: { TableName: T(), Item: { pk: `sup#${inspection.supervisorId}`, sk, stationId: station.id, ref: sk } } },
      ...tasks.map((task) => reportPut(task, orgPath, inspection.supervisorId)),
      ...statsSteps(orgPath, inspection.submittedAt, {
        network: {
          inspections: 1,
          firstInQuarter: firstInQuarter ? 1 : 0,
          failedItems: inspection.failed,
          problemsOpened: tasks.length,
        },
      }),
    ];
    try {
      await withConflictRetry(() => db().send(new TransactWriteCommand({ TransactItems: steps })));
      return { created: inspection };
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      const [duplicate, notSupervisor, dueChanged] = failed;
      if (duplicate || failed.slice(6, 6 + tasks.length).some(Boolean)) {
        const existing = await getInspection(inspection.id);
        if (existing) return { existing };
      }
      if (notSupervisor) return { notSupervisor: true };
      // inspected by someone else or moved meanwhile: read the due item again
      if (!dueChanged || attempt >= 8) throw error;
    }
  }
}
