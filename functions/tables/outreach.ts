import { createHash } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Id } from '../../shared/schemas/common';
import {
  MAX_EVENT_JOIN_CODES,
  OutreachEvent,
  standardServices,
  type EventEdit,
  type EventKind,
  type EventService,
  type ServiceInput,
} from '../../shared/schemas/outreach';
import { db, tableName } from '../lib/db';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { failedConditions, isConditionFailed, queryPage, recordOf, withConflictRetry, type Item } from '../lib/dynamo';
import { queryScopePage, scopeAttributes, scopeUpdate, withoutScope, type Scoped } from '../lib/scope-keys';
import { dayPeriod, statsChangeSteps, statsSteps } from './stats';

/**
 * outreach table (pk, sk), docs/outreach.md:
 *   event#<id> / event   an outreach event (沟通会); scope<d> = "<ancestor>#event", listKey =
 *                        "<startsAt>#<id>": a subtree's events, latest first, one Query;
 *                        byHost (hostOrgId, startsAt): an org's own events (a move rewrites them from there)
 * (the stall's service counters, tallies, leases and action outcomes come with stall mode).
 * Each event is counted in the stats table (family `events`, by kind and `total`) on the Beijing day
 * it starts, for its host org and every ancestor, in the transaction that writes it; an edit that
 * changes the kind or the day moves the count in its own transaction, from the path it was counted
 * on (`countedPath`: the host org's path then; the org may have moved since) to the current one.
 */

/**
 * An event as stored: the host org's name is read when it is shown; who created it; the org path
 * its count is on (`countedPath`, absent on events made before it was kept: read as the current path).
 */
export const EventRecord = OutreachEvent.omit({ hostOrgName: true }).extend({
  createdBy: Id,
  countedPath: z.array(Id).optional(),
});
export type EventRecord = z.infer<typeof EventRecord>;

export const EVENTS_PAGE = 20;
const EVENT_LIST = 'event';
const eventKey = (id: string) => ({ pk: `event#${id}`, sk: 'event' });
const listKeyOf = (e: Pick<EventRecord, 'startsAt' | 'id'>) => `${e.startsAt}#${e.id}`;
const toRecord = (item: Item): EventRecord => recordOf(EventRecord, withoutScope(item));

/** The event id a person's request id makes: a replayed create finds the same event. */
export function eventIdFor(userId: string, clientRequestId: string): string {
  return `ev-${createHash('sha256').update(`${userId}\u0000${clientRequestId}`).digest('hex').slice(0, 24)}`;
}

/** Services as stored: a standard one keeps its key and name, a custom one gets a key made from its name. */
export function servicesOf(input: readonly ServiceInput[]): EventService[] {
  return input.map((s) => {
    const name = s.key ? standardServices[s.key] : s.name!;
    const key = s.key ?? `c-${createHash('sha256').update(name).digest('hex').slice(0, 10)}`;
    return { key, name, ...(s.capacity !== undefined ? { capacity: s.capacity } : {}) };
  });
}

const countOf = (kind: EventKind, by: number) => ({ events: { [kind]: by, total: by } });

/**
 * Creates an event, once per id: the event (must be new) and its count in the stats items of its
 * host org and every ancestor, in one transaction. A retry, or requests racing with the same id,
 * get the event the first one wrote.
 */
export async function createEvent(input: EventRecord, orgPath: readonly string[]): Promise<{ event: EventRecord; created: boolean }> {
  const event: EventRecord = { ...input, countedPath: [...orgPath] };
  try {
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName('outreach'),
                Item: { ...eventKey(event.id), ...event, ...scopeAttributes(orgPath, EVENT_LIST, listKeyOf(event)) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...statsSteps(orgPath, event.startsAt, countOf(event.kind, 1)),
          ],
        }),
      ),
    );
    return { event, created: true };
  } catch (error) {
    if (!failedConditions(error)?.[0]) throw error;
    const existing = await getEvent(event.id, true);
    if (!existing) throw error;
    return { event: existing, created: false };
  }
}

export async function getEvent(id: string, consistent = false): Promise<EventRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('outreach'), Key: eventKey(id), ConsistentRead: consistent }));
  return Item ? toRecord(Item) : null;
}

export type UpdateResult = { updated: EventRecord } | { missing: true } | { changedMeanwhile: true };

/**
 * Writes an edit of `before` (the event as read): conditional on its kind, start and counted path
 * being still those read, so the count it moves (when the kind or the Beijing day changes) is the
 * one that was made: −1 where it was counted (`countedPath`, or the current path for an event
 * without one), +1 on the host org's current path `orgPath`, which becomes the counted path — an
 * org moved since keeps its old ancestors' counts right and never takes the new ones below 0.
 * `changedMeanwhile` when another edit came first (read again and retry).
 */
export async function updateEvent(
  before: EventRecord,
  edit: EventEdit,
  orgPath: readonly string[],
  now = new Date(),
): Promise<UpdateResult> {
  const after: EventRecord = { ...before, ...edit, services: servicesOf(edit.services), updatedAt: now.toISOString() };
  const common = {
    kind: after.kind,
    name: after.name,
    place: after.place,
    location: after.location,
    startsAt: after.startsAt,
    endsAt: after.endsAt,
    services: after.services,
    staffIds: after.staffIds,
    status: after.status,
    updatedAt: after.updatedAt,
  };
  const scope = scopeUpdate(orgPath, EVENT_LIST, listKeyOf(after));
  const moved = before.kind !== after.kind || dayPeriod(before.startsAt) !== dayPeriod(after.startsAt);
  const countedPath = before.countedPath ?? orgPath;
  if (moved) after.countedPath = [...orgPath];
  const fields = { ...common, ...(moved ? { countedPath: after.countedPath } : {}) };
  const names = Object.keys(fields);
  try {
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName('outreach'),
                Key: eventKey(before.id),
                UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}, ${scope.set}${scope.remove ? ` REMOVE ${scope.remove}` : ''}`,
                ConditionExpression: `attribute_exists(pk) AND #kind = :wasKind AND #startsAt = :wasStartsAt AND ${
                  before.countedPath ? '#countedPath = :wasCounted' : 'attribute_not_exists(#countedPath)'
                }`,
                ExpressionAttributeNames: {
                  ...Object.fromEntries(names.map((n) => [`#${n}`, n])),
                  '#countedPath': 'countedPath',
                },
                ExpressionAttributeValues: {
                  ...Object.fromEntries(Object.entries(fields).map(([n, v]) => [`:${n}`, v])),
                  ...scope.values,
                  ':wasKind': before.kind,
                  ':wasStartsAt': before.startsAt,
                  ...(before.countedPath ? { ':wasCounted': before.countedPath } : {}),
                },
              },
            },
            // the count moves from where it was counted to the current path (one step per stats
            // item: what is on both paths and in one day or month nets out there)
            ...(moved
              ? statsChangeSteps(orgPath, [
                  { at: before.startsAt, increments: countOf(before.kind, -1), path: countedPath },
                  { at: after.startsAt, increments: countOf(after.kind, 1), path: orgPath },
                ])
              : []),
          ],
        }),
      ),
    );
  } catch (error) {
    if (!failedConditions(error)?.[0]) throw error;
    return (await getEvent(before.id, true)) ? { changedMeanwhile: true } : { missing: true };
  }
  return { updated: after };
}

export interface EventPage {
  events: EventRecord[];
  nextCursor?: string;
}

/** A page of the events of an org and everything below it, latest start first: one Query at any subtree size. */
export async function listEventsPage(org: Scoped, cursor?: string, limit = EVENTS_PAGE): Promise<EventPage> {
  const page = await queryScopePage({ table: 'outreach', org, list: EVENT_LIST, limit, cursor });
  return { events: page.items.map(toRecord), nextCursor: page.nextCursor };
}

/**
 * The transaction step that adds a new join code to its event's `joinCodeIds` (the event's stalls):
 * only while the event exists and has fewer than MAX_EVENT_JOIN_CODES codes. Put it in the code's
 * own transaction (tables/join-codes.ts putJoinCode), so a code is on its event exactly when it exists.
 */
export function addJoinCodeStep(eventId: string, codeId: string) {
  return {
    Update: {
      TableName: tableName('outreach'),
      Key: eventKey(eventId),
      UpdateExpression: 'SET joinCodeIds = list_append(if_not_exists(joinCodeIds, :none), :code)',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(joinCodeIds) OR size(joinCodeIds) < :max)',
      ExpressionAttributeValues: { ':none': [], ':code': [codeId], ':max': MAX_EVENT_JOIN_CODES },
    },
  };
}

// ---- org moves -----------------------------------------------------------------------------------

const RESCOPE_PAGE = 100;
const RescopeCursor = z.record(z.string().max(64), z.string().max(1024));

/**
 * After an org moved: rewrites the scope attributes of one page (≤ 100) of the events it hosts from
 * its new path (one Query on byHost, one conditional update per event), so they are listed under
 * its new ancestors. Call again with `nextCursor` until there is none; running a page twice is
 * harmless. The counts already made stay in the stats items of the ancestors it had then.
 */
export async function rescopeEventsOfOrg(
  orgId: string,
  newPath: string[],
  cursor?: string,
): Promise<{ done: number; nextCursor?: string }> {
  const page = await queryPage(
    {
      TableName: tableName('outreach'),
      IndexName: 'byHost',
      KeyConditionExpression: 'hostOrgId = :org',
      ExpressionAttributeValues: { ':org': orgId },
      Limit: RESCOPE_PAGE,
    },
    decodeCursor(cursor, RescopeCursor),
  );
  await Promise.all(
    page.items.map(async (item) => {
      const event = toRecord(item);
      const u = scopeUpdate(newPath, EVENT_LIST, listKeyOf(event));
      try {
        await db().send(
          new UpdateCommand({
            TableName: tableName('outreach'),
            Key: eventKey(event.id),
            UpdateExpression: `SET ${u.set}${u.remove ? ` REMOVE ${u.remove}` : ''}`,
            ConditionExpression: 'hostOrgId = :org',
            ExpressionAttributeValues: { ...u.values, ':org': orgId },
          }),
        );
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }),
  );
  return { done: page.items.length, nextCursor: page.nextKey ? encodeCursor(page.nextKey) : undefined };
}
