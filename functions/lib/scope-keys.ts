import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { SCOPE_DEPTHS, tables } from '../../infra/tables.cjs';
import { DomainError } from './errors';
import { decodeCursor, encodeCursor } from './cursor';
import { db, tableName, type TableKey } from './db';
import type { Item } from './dynamo';

/**
 * Lists over an org's subtree at any size (docs/org-scale.md). An item of org X is listed for X and
 * every ancestor of X: it carries scope<d> = "<X's ancestor at depth d>#<list>" and a listKey
 * ("<time>#<id>"); the table has one GSI per depth (byScope0 … byScope4). A staff member acting for
 * org A at depth d reads a page of the whole subtree with one Query on byScope<d>.
 */

/** An org as far as scoping needs it: its path from the city down, itself last. */
export interface Scoped {
  id: string;
  path: readonly string[];
}

const depthOf = (org: Scoped) => org.path.length - 1;
export const scopeIndex = (depth: number) => `byScope${depth}`;

function checkPath(path: readonly string[]): void {
  if (path.length < 1 || path.length > SCOPE_DEPTHS) throw new Error(`an org path has 1–${SCOPE_DEPTHS} ids, got ${path.length}`);
}

/** The attributes that put an item of the org with this path into `list` (for a Put). */
export function scopeAttributes(path: readonly string[], list: string, listKey: string): Record<string, string> {
  checkPath(path);
  const attributes: Record<string, string> = { listKey };
  path.forEach((id, depth) => (attributes[`scope${depth}`] = `${id}#${list}`));
  return attributes;
}

/**
 * The same for an UpdateItem: `set` (join it into the SET clause), `remove` (the depths below the
 * path, so an item whose org moved up a level leaves the deeper lists; '' when none) and the values.
 */
export function scopeUpdate(path: readonly string[], list: string, listKey: string) {
  const attributes = scopeAttributes(path, list, listKey);
  const names = Object.keys(attributes);
  const deeper = Array.from({ length: SCOPE_DEPTHS - path.length }, (_, i) => `scope${path.length + i}`);
  return {
    set: names.map((n) => `${n} = :${n}`).join(', '),
    remove: deeper.join(', '),
    values: Object.fromEntries(names.map((n) => [`:${n}`, attributes[n]])),
  };
}

/** An UpdateExpression that (re)writes only the scope attributes: for a status change or a move. */
export function scopeUpdateExpression(path: readonly string[], list: string, listKey: string) {
  const u = scopeUpdate(path, list, listKey);
  return { UpdateExpression: `SET ${u.set}${u.remove ? ` REMOVE ${u.remove}` : ''}`, ExpressionAttributeValues: u.values };
}

const CursorKey = z.record(z.string().max(64), z.string().min(1).max(1024));

/** The attributes a page's LastEvaluatedKey names on a scope index: the table's key and the index's. */
function cursorAttributes(table: TableKey, hashName: string): string[] {
  const key = (tables as Record<string, { key: { hash: string; range?: string } }>)[table]!.key;
  return [key.hash, ...(key.range ? [key.range] : []), hashName, 'listKey'];
}

const namesExactly = (value: Record<string, string>, names: string[]) =>
  Object.keys(value).length === names.length && names.every((n) => typeof value[n] === 'string');

export interface ScopePageRequest {
  table: TableKey;
  /** the org whose subtree is listed (usually the staff member's acting org) */
  org: Scoped;
  list: string;
  limit: number;
  cursor?: string;
  /** oldest first instead of newest first */
  ascending?: boolean;
  /** a condition on listKey, e.g. { op: '>=', value: now } for what has not started yet */
  range?: { op: '<' | '<=' | '>' | '>=' | 'begins_with'; value: string };
  /** a filter on the page (use only where what it drops is bounded; docs say where) */
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

export interface ScopePage {
  items: Item[];
  nextCursor?: string;
  /** items DynamoDB read for this page (before any filter) */
  scanned: number;
}

/** One page of `list` over the subtree of `org`: one Query, whatever the size of the subtree. */
export async function queryScopePage(request: ScopePageRequest): Promise<ScopePage> {
  const { org, list } = request;
  checkPath(org.path);
  const depth = depthOf(org);
  const hashName = `scope${depth}`;
  const hashValue = `${org.id}#${list}`;
  const startKey = decodeCursor(request.cursor, CursorKey);
  // a cursor from another list or org, or not naming exactly the table's key and the index's (pk, sk …
  // scope<d>, listKey), would make DynamoDB fail the whole call: refuse it as bad input
  if (startKey && (startKey[hashName] !== hashValue || !namesExactly(startKey, cursorAttributes(request.table, hashName)))) {
    throw new DomainError('bad_request', undefined, { cursor: ['翻页标记无效，请从第一页重新加载'] });
  }
  const rangeCondition = request.range
    ? request.range.op === 'begins_with'
      ? ' AND begins_with(listKey, :rangeValue)'
      : ` AND listKey ${request.range.op} :rangeValue`
    : '';
  const reply = await db().send(
    new QueryCommand({
      TableName: tableName(request.table),
      IndexName: scopeIndex(depth),
      KeyConditionExpression: `${hashName} = :scope${rangeCondition}`,
      ExpressionAttributeValues: {
        ':scope': hashValue,
        ...(request.range ? { ':rangeValue': request.range.value } : {}),
        ...request.filter?.values,
      },
      ...(request.filter ? { FilterExpression: request.filter.expression } : {}),
      ...(request.filter?.names ? { ExpressionAttributeNames: request.filter.names } : {}),
      ScanIndexForward: request.ascending ?? false,
      Limit: request.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  const items: Item[] = reply.Items ?? [];
  return {
    items,
    nextCursor: reply.LastEvaluatedKey ? encodeCursor(reply.LastEvaluatedKey) : undefined,
    scanned: reply.ScannedCount ?? items.length,
  };
}

/** Strip the scope bookkeeping from an item before it is parsed as a record. */
export function withoutScope(item: Item): Item {
  const rest: Item = { ...item };
  for (let d = 0; d < SCOPE_DEPTHS; d++) delete rest[`scope${d}`];
  delete rest.listKey;
  return rest;
}
