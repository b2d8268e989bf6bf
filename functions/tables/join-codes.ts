import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { beijingExport } from '../../shared/beijing-time';
import { Id } from '../../shared/schemas/common';
import { JoinCode, type JoinCodeFigures, type MembershipStatus } from '../../shared/schemas/membership';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { db, tableName } from '../lib/db';
import { failedConditions, isConditionFailed, queryPage, recordOf, type Item } from '../lib/dynamo';
import { queryScopePage, scopeAttributes, scopeUpdate, withoutScope, type Scoped } from '../lib/scope-keys';
import { addJoinCodeStep } from './outreach';

/**
 * joinCodes table: one item per code (id jc-<hex>); byOrg (orgId, createdAt) lists one org's codes
 * (moves rewrite them from there); byScope<d> lists a subtree's codes, newest first (list `code`,
 * listKey createdAt#id). Each code carries its figures as counters kept in the same transaction as
 * the membership they count (tables/members.ts): joins, pending, approved, rejected, cardRequests
 * and one `hour#<yyyy-mm-dd hh>` attribute per Beijing hour with joins.
 */

/** A code as stored: the org's name, token and link are made when it is shown; who made it and how often it was scanned. */
export const JoinCodeRecord = JoinCode.omit({ orgName: true, token: true, url: true }).extend({
  createdBy: Id,
  scans: z.number().int().nonnegative(),
});
export type JoinCodeRecord = z.infer<typeof JoinCodeRecord>;

export const JOIN_CODES_PAGE = 20;
const CODE_LIST = 'code';
const listKeyOf = (code: Pick<JoinCodeRecord, 'createdAt' | 'id'>) => `${code.createdAt}#${code.id}`;

const toRecord = (item: Item): JoinCodeRecord => recordOf(JoinCodeRecord, withoutScope(item));

/**
 * Writes a new code. A code naming an outreach event (code.eventId) is added to the event's
 * `joinCodeIds` in the same transaction: 'event-full' when the event has its 10 codes already,
 * 'event-missing' when it is gone.
 */
export async function putJoinCode(code: JoinCodeRecord, orgPath: readonly string[]): Promise<'ok' | 'event-full' | 'event-missing'> {
  const put = {
    TableName: tableName('joinCodes'),
    Item: { ...code, ...scopeAttributes(orgPath, CODE_LIST, listKeyOf(code)) },
    ConditionExpression: 'attribute_not_exists(id)',
  };
  if (!code.eventId) {
    await db().send(new PutCommand(put));
    return 'ok';
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [{ Put: put }, addJoinCodeStep(code.eventId, code.id)] }));
    return 'ok';
  } catch (error) {
    if (!failedConditions(error)?.[1]) throw error;
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName('outreach'), Key: { pk: `event#${code.eventId}`, sk: 'event' }, ConsistentRead: true }),
    );
    return Item ? 'event-full' : 'event-missing';
  }
}

export async function getJoinCode(id: string): Promise<JoinCodeRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('joinCodes'), Key: { id } }));
  return Item ? toRecord(Item) : null;
}

/** One more scan of a code's QR: an atomic ADD, safe under any number of simultaneous scans. */
export async function countScan(id: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName('joinCodes'),
      Key: { id },
      UpdateExpression: 'ADD scans :one',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
}

export async function revokeJoinCode(id: string): Promise<JoinCodeRecord> {
  const reply = await db().send(
    new UpdateCommand({
      TableName: tableName('joinCodes'),
      Key: { id },
      UpdateExpression: 'SET revoked = :true',
      ExpressionAttributeValues: { ':true': true },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toRecord(reply.Attributes ?? {});
}

// ---- figures: counters on the code item --------------------------------------------------------

/** The figure a membership status counts towards. */
const FIGURE_OF: Record<MembershipStatus, 'pending' | 'approved' | 'rejected'> = {
  pending: 'pending',
  active: 'approved',
  rejected: 'rejected',
};
const HOUR_PREFIX = 'hour#';
const Counter = z.number().int().catch(0);

/** The figures kept on a code item (0 where a counter was never written). */
export function figuresOf(item: Item): JoinCodeFigures {
  const count = (name: string) => Counter.parse(item[name] ?? 0);
  const byHour = Object.keys(item)
    .filter((k) => k.startsWith(HOUR_PREFIX))
    .sort()
    .map((k) => ({ hour: `${k.slice(HOUR_PREFIX.length)}:00`, joins: count(k) }))
    .filter((h) => h.joins > 0);
  return {
    scans: count('scans'),
    joins: count('joins'),
    pending: count('pending'),
    approved: count('approved'),
    rejected: count('rejected'),
    cardRequests: count('cardRequests'),
    byHour,
  };
}

/**
 * The transaction item that counts a new membership on its code (in createMember's transaction, so
 * the figures are exactly the memberships written). The code must exist: no counter-only items.
 */
export function countJoinOnCode(codeId: string, m: { status: MembershipStatus; joinedAt: string; cardRequest: string }) {
  const hour = `${HOUR_PREFIX}${beijingExport(m.joinedAt).slice(0, 13)}`; // "hour#2026-11-30 12", Beijing
  return {
    Update: {
      TableName: tableName('joinCodes'),
      Key: { id: codeId },
      UpdateExpression: 'ADD joins :one, #figure :one, cardRequests :card, #hour :one',
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeNames: { '#figure': FIGURE_OF[m.status], '#hour': hour },
      ExpressionAttributeValues: { ':one': 1, ':card': m.cardRequest === 'none' ? 0 : 1 },
    },
  };
}

/** The transaction item that moves one membership from one status's figure to another's. */
export function countStatusChangeOnCode(codeId: string, from: MembershipStatus, to: MembershipStatus) {
  return {
    Update: {
      TableName: tableName('joinCodes'),
      Key: { id: codeId },
      UpdateExpression: 'ADD #from :minus, #to :one',
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeNames: { '#from': FIGURE_OF[from], '#to': FIGURE_OF[to] },
      ExpressionAttributeValues: { ':one': 1, ':minus': -1 },
    },
  };
}

type Counted = { codeId?: string; status: MembershipStatus; joinedAt: string; cardRequest: string };
const hourOf = (joinedAt: string) => `${HOUR_PREFIX}${beijingExport(joinedAt).slice(0, 13)}`;
const cardOf = (m: Counted) => (m.cardRequest === 'none' ? 0 : 1);

/** One Update that adds to a code's counters (those that do not change are left out). */
function addOnCode(codeId: string, adds: Map<string, number>) {
  const changed = [...adds].filter(([, by]) => by !== 0);
  if (changed.length === 0) return [];
  return [
    {
      Update: {
        TableName: tableName('joinCodes'),
        Key: { id: codeId },
        UpdateExpression: `ADD ${changed.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: Object.fromEntries(changed.map(([name], i) => [`#c${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(changed.map(([, by], i) => [`:c${i}`, by])),
      },
    },
  ];
}

/**
 * The transaction items that move a returned application's figures when it is sent again (in the
 * same transaction as the new application, tables/members.ts reapplyMember). Through the same code
 * it stays one join: rejected −1, its new status +1, its card request and its hour (the Beijing
 * hour of the latest submission) move. Through another code the join moves to that code: the old
 * code counts it no more, the new one counts it as a join. Either way each code counts the
 * memberships that name it, once each.
 */
export function countReapplyOnCodes(before: Counted, after: Counted) {
  if (before.codeId && before.codeId === after.codeId) {
    const adds = new Map<string, number>();
    const add = (name: string, by: number) => adds.set(name, (adds.get(name) ?? 0) + by);
    add(FIGURE_OF[before.status], -1);
    add(FIGURE_OF[after.status], 1);
    add('cardRequests', cardOf(after) - cardOf(before));
    add(hourOf(before.joinedAt), -1);
    add(hourOf(after.joinedAt), 1);
    return addOnCode(before.codeId, adds);
  }
  return [
    ...(before.codeId ? [uncountJoinOnCode(before.codeId, before)] : []),
    ...(after.codeId ? [countJoinOnCode(after.codeId, after)] : []),
  ];
}

/**
 * The transaction item that takes a membership off its code's figures (a join, its status's figure,
 * its card request and its hour): the join moved to another code, or a waiting application was
 * withdrawn by 注销.
 */
export function uncountJoinOnCode(codeId: string, m: Counted) {
  return addOnCode(
    codeId,
    new Map([
      ['joins', -1],
      [FIGURE_OF[m.status], -1],
      ['cardRequests', -cardOf(m)],
      [hourOf(m.joinedAt), -1],
    ]),
  )[0]!;
}

// ---- lists ---------------------------------------------------------------------------------------

export interface JoinCodePage {
  codes: { code: JoinCodeRecord; figures: JoinCodeFigures }[];
  nextCursor?: string;
}

/** One page of the codes of an org and everything below it, newest first: one Query at any subtree size. */
export async function listJoinCodesPage(org: Scoped, cursor?: string, limit = JOIN_CODES_PAGE): Promise<JoinCodePage> {
  const page = await queryScopePage({ table: 'joinCodes', org, list: CODE_LIST, limit, cursor });
  return { codes: page.items.map((item) => ({ code: toRecord(item), figures: figuresOf(item) })), nextCursor: page.nextCursor };
}

// ---- org moves -----------------------------------------------------------------------------------

const RESCOPE_PAGE = 100;
const RescopeCursor = z.record(z.string().max(64), z.string().max(1024));

/**
 * After an org moved: rewrites the scope attributes of one page (≤ 100) of that org's codes from
 * its new path (one Query on byOrg, one conditional update per code). Call again with `nextCursor`
 * until there is none; running a page twice is harmless.
 */
export async function rescopeJoinCodesOfOrg(
  orgId: string,
  newPath: string[],
  cursor?: string,
): Promise<{ done: number; nextCursor?: string }> {
  const page = await queryPage(
    {
      TableName: tableName('joinCodes'),
      IndexName: 'byOrg',
      KeyConditionExpression: 'orgId = :org',
      ExpressionAttributeValues: { ':org': orgId },
      Limit: RESCOPE_PAGE,
    },
    decodeCursor(cursor, RescopeCursor),
  );
  await Promise.all(
    page.items.map(async (item) => {
      const u = scopeUpdate(newPath, CODE_LIST, listKeyOf(toRecord(item)));
      try {
        await db().send(
          new UpdateCommand({
            TableName: tableName('joinCodes'),
            Key: { id: item.id },
            UpdateExpression: `SET ${u.set}${u.remove ? ` REMOVE ${u.remove}` : ''}`,
            ConditionExpression: 'orgId = :org',
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
