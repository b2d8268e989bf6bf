import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Id } from '../../shared/schemas/common';
import { Org } from '../../shared/schemas/org';
import { encodeCursor, decodeCursor } from '../lib/cursor';
import { db, tableName } from '../lib/db';
import { DomainError, conflict } from '../lib/errors';
import { failedConditions, isConditionFailed, queryAll, queryPage, recordOf, type Item, type StartKey } from '../lib/dynamo';
import { standingMoveSteps } from './stats';

/**
 * orgs table, keyed by id:
 *   <orgId>          the org
 *   code#<code>      → orgId: codes are unique, written in the same transaction as the org
 * Indexes (only org items carry their keys):
 *   byPath (tree, pathKey "beijing/fengtai/fengtai-lugouqiao/"): a whole subtree, in tree order
 *     (still used by the per-org staff lists until they move to the scope indexes, docs/org-scale.md)
 *   byParent (parentId, childKey "<status>#<name>"): an org's children a page at a time, open first
 *   byName (nameScope, name): name-prefix search within a district; nameScope is the district's id,
 *     or "beijing" for the city union and the district unions
 */
const TREE = 'beijing';
export const CITY_SCOPE = TREE;
export const CHILDREN_PAGE = 50;
export const SEARCH_PAGE = 20;

/** An org as stored: `tree` and `pathKey` (the index's keys) are dropped; a root may lack parentId. */
const OrgRecord = Org.extend({ parentId: Org.shape.parentId.default(null) });

function pathKey(path: string[]): string {
  return `${path.join('/')}/`;
}

/** The byName partition an org is found in: its district, or the city's for the city and districts. */
export function nameScopeOf(org: Pick<Org, 'path'>): string {
  return org.path.length <= 2 ? CITY_SCOPE : org.path[1]!;
}

const codeKey = (code: string) => ({ id: `code#${code}` });
const CodeMarker = z.object({ orgId: Id });

const toOrg = (item: Item): Org => recordOf(OrgRecord, item);

export async function getOrg(id: string): Promise<Org | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('orgs'), Key: { id } }));
  return Item ? toOrg(Item) : null;
}

export async function getOrgs(ids: string[]): Promise<Org[]> {
  if (ids.length === 0) return [];
  const table = tableName('orgs');
  const found: Org[] = [];
  // Batches of 100 keys at most; retry whatever DynamoDB leaves unprocessed.
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Item[] | undefined = ids.slice(i, i + 100).map((id) => ({ id }));
    while (keys && keys.length > 0) {
      const reply: BatchGetCommandOutput = await db().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
      found.push(...(reply.Responses?.[table] ?? []).map(toOrg));
      keys = reply.UnprocessedKeys?.[table]?.Keys;
    }
  }
  const byId = new Map(found.map((o) => [o.id, o]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Every org at or below `root` (or the whole tree), parents before children. */
export async function listSubtree(root?: Org): Promise<Org[]> {
  const items = await queryAll({
    TableName: tableName('orgs'),
    IndexName: 'byPath',
    KeyConditionExpression: root ? '#tree = :tree AND begins_with(pathKey, :prefix)' : '#tree = :tree',
    ExpressionAttributeNames: { '#tree': 'tree' },
    ExpressionAttributeValues: root ? { ':tree': TREE, ':prefix': pathKey(root.path) } : { ':tree': TREE },
  });
  return items.map(toOrg);
}

/** One page of the whole tree in path order (the backfill walks it; `startKey` from the last page). */
export async function pageOfTree(startKey?: StartKey, limit = 500): Promise<{ ids: string[]; nextKey: StartKey }> {
  const page = await queryPage(
    {
      TableName: tableName('orgs'),
      IndexName: 'byPath',
      KeyConditionExpression: '#tree = :tree',
      ExpressionAttributeNames: { '#tree': 'tree' },
      ExpressionAttributeValues: { ':tree': TREE },
      ProjectionExpression: 'id',
      Limit: limit,
    },
    startKey,
  );
  return { ids: page.items.map((i) => String(i.id)), nextKey: page.nextKey };
}

/** True when `orgId` is `actingOrg` itself or lies below it. */
export function isWithin(org: Org, actingOrgId: string): boolean {
  return org.path.includes(actingOrgId);
}

export async function getOrgByCode(code: string): Promise<Org | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('orgs'), Key: codeKey(code) }));
  return Item ? getOrg(recordOf(CodeMarker, Item).orgId) : null;
}

export interface OrgPageResult {
  orgs: Org[];
  nextCursor?: string;
}

const ChildrenCursor = z.strictObject({ id: Id, parentId: Id, childKey: z.string().max(200) });
const NameCursor = z.strictObject({ id: Id, nameScope: Id, name: z.string().max(200) });

/** One page of an org's children: one Query on byParent, open ones first, then by name. */
export async function listChildren(parentId: string, cursor?: string, limit = CHILDREN_PAGE): Promise<OrgPageResult> {
  const start = decodeCursor(cursor, ChildrenCursor);
  if (start && start.parentId !== parentId) throw badCursor();
  const page = await queryPage(
    {
      TableName: tableName('orgs'),
      IndexName: 'byParent',
      KeyConditionExpression: 'parentId = :parent',
      ExpressionAttributeValues: { ':parent': parentId },
      Limit: limit,
    },
    start,
  );
  return { orgs: page.items.map(toOrg), nextCursor: page.nextKey ? encodeCursor(page.nextKey) : undefined };
}

/** One page of the orgs of one byName partition whose name starts with `prefix`: one Query. */
export async function searchByName(nameScope: string, prefix: string, cursor?: string, limit = SEARCH_PAGE): Promise<OrgPageResult> {
  const start = decodeCursor(cursor, NameCursor);
  if (start && start.nameScope !== nameScope) throw badCursor();
  const page = await queryPage(
    {
      TableName: tableName('orgs'),
      IndexName: 'byName',
      KeyConditionExpression: 'nameScope = :scope AND begins_with(#name, :prefix)',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: { ':scope': nameScope, ':prefix': prefix },
      Limit: limit,
    },
    start,
  );
  return { orgs: page.items.map(toOrg), nextCursor: page.nextKey ? encodeCursor(page.nextKey) : undefined };
}

const badCursor = () => new DomainError('bad_request', undefined, { cursor: ['翻页标记无效，请从第一页重新加载'] });

/**
 * Creates or updates an org (idempotent: the demo seed runs it again and again). One transaction:
 * the org (its code never changes), its code marker (refused if another org holds the code) and
 * the parent's `hasChildren` hint (the parent must exist).
 */
export function putOrg(org: Org): Promise<void> {
  return writeOrg(org, false);
}

/**
 * The same without touching the parent, whose hint the caller has set already (an import writing
 * many children of one parent: their transactions would all hold the parent item and cancel each
 * other with TransactionConflict).
 */
export function putOrgUnderHintedParent(org: Org): Promise<void> {
  return writeOrg(org, true);
}

async function writeOrg(org: Org, parentHinted: boolean): Promise<void> {
  const { hasChildren: _hint, ...fields } = org;
  const attributes: Item = {
    ...fields,
    tree: TREE,
    pathKey: pathKey(org.path),
    childKey: `${org.status}#${org.name}`,
    nameScope: nameScopeOf(org),
  };
  const set = Object.entries(attributes).filter(([k, v]) => k !== 'id' && v !== null);
  const remove = org.parentId === null ? ' REMOVE #parentId' : '';
  const table = tableName('orgs');
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { id: org.id },
              UpdateExpression: `SET ${set.map(([k]) => `#${k} = :${k}`).join(', ')}${remove}`,
              ConditionExpression: 'attribute_not_exists(id) OR #code = :code',
              ExpressionAttributeNames: Object.fromEntries([
                ...set.map(([k]) => [`#${k}`, k]),
                ...(remove ? [['#parentId', 'parentId']] : []),
              ]),
              ExpressionAttributeValues: Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])),
            },
          },
          {
            Put: {
              TableName: table,
              Item: { ...codeKey(org.code), orgId: org.id },
              ConditionExpression: 'attribute_not_exists(id) OR orgId = :id',
              ExpressionAttributeValues: { ':id': org.id },
            },
          },
          ...(org.parentId && !parentHinted
            ? [
                {
                  Update: {
                    TableName: table,
                    Key: { id: org.parentId },
                    UpdateExpression: 'SET hasChildren = :yes',
                    ConditionExpression: 'attribute_exists(id)',
                    ExpressionAttributeValues: { ':yes': true },
                  },
                },
              ]
            : []),
        ],
      }),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    if (failed[0]) throw conflict('组织代码不能更改');
    if (failed[1]) throw conflict(`组织代码 ${org.code} 已被其他组织使用`);
    throw new DomainError('not_found', '找不到上级组织');
  }
}

// ---- administration (functions/org-admin) ------------------------------------------------------

/** The codes' markers that exist, code → orgId (BatchGet, 100 keys a request). */
export async function orgIdsByCode(codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const table = tableName('orgs');
  const found = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Item[] | undefined = unique.slice(i, i + 100).map(codeKey);
    while (keys && keys.length > 0) {
      const reply: BatchGetCommandOutput = await db().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
      for (const item of reply.Responses?.[table] ?? []) found.set(String(item.id).slice('code#'.length), recordOf(CodeMarker, item).orgId);
      keys = reply.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}

/** New name and short name; the code stays. Null if there is no such org. */
export async function renameOrg(id: string, name: string, shortName: string): Promise<Org | null> {
  try {
    const reply = await db().send(
      new UpdateCommand({
        TableName: tableName('orgs'),
        Key: { id },
        UpdateExpression: 'SET #name = :name, shortName = :short, childKey = :childKey',
        ConditionExpression: 'attribute_exists(pathKey) AND #status = :status',
        ExpressionAttributeNames: { '#name': 'name', '#status': 'status' },
        ExpressionAttributeValues: { ':name': name, ':short': shortName, ':childKey': `open#${name}`, ':status': 'open' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toOrg(reply.Attributes!);
  } catch (error) {
    if (isConditionFailed(error)) return null;
    throw error;
  }
}

/** Closes an open org (its children list it after the open ones); false if it was not open. */
export async function closeOrgItem(org: Org): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName('orgs'),
        Key: { id: org.id },
        UpdateExpression: 'SET #status = :closed, childKey = :childKey',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed', ':open': 'open', ':childKey': `closed#${org.name}` },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Sets the `hasChildren` hint of existing orgs (before an import writes their children). */
export async function hintHasChildren(ids: string[]): Promise<void> {
  await Promise.all(
    ids.map((id) =>
      db().send(
        new UpdateCommand({
          TableName: tableName('orgs'),
          Key: { id },
          UpdateExpression: 'SET hasChildren = :yes',
          ConditionExpression: 'attribute_exists(pathKey)',
          ExpressionAttributeValues: { ':yes': true },
        }),
      ),
    ),
  );
}

/** How many open children an org has, counted no further than `atMost` (one COUNT Query on byParent). */
export async function countOpenChildren(parentId: string, atMost: number): Promise<number> {
  const page = await queryPage({
    TableName: tableName('orgs'),
    IndexName: 'byParent',
    KeyConditionExpression: 'parentId = :parent AND begins_with(childKey, :open)',
    ExpressionAttributeValues: { ':parent': parentId, ':open': 'open#' },
    Select: 'COUNT',
    Limit: atMost,
  });
  return page.scanned;
}

const movedFields = (path: string[]) => ({ path, pathKey: pathKey(path), nameScope: nameScopeOf({ path }) });

/**
 * Where an unfinished move of this org came from (the subtree's old pathKey), or null. Set on the
 * moved org in the transaction that moves it, removed when the last descendant has its new path.
 */
export async function movingFromOf(id: string): Promise<string | null> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('orgs'), Key: { id }, ProjectionExpression: 'movingFrom', ConsistentRead: true }),
  );
  return typeof Item?.movingFrom === 'string' ? Item.movingFrom : null;
}

/**
 * Step one of a move, one transaction: the org gets its new parent and path and remembers its old
 * pathKey (`movingFrom`); the new parent (still where it was read, still open) gets the hint that
 * it has children. Conflict if either changed meanwhile.
 */
export async function startMove(org: Org, parent: Org): Promise<Org> {
  const path = [...parent.path, org.id];
  const fields = movedFields(path);
  const table = tableName('orgs');
  // the stations of its subtree move with it in the figures (stats.ts standing items)
  const standing = await standingMoveSteps(org.id, org.path, path);
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          ...standing,
          {
            Update: {
              TableName: table,
              Key: { id: org.id },
              UpdateExpression: 'SET parentId = :parent, #path = :path, pathKey = :pathKey, nameScope = :nameScope, movingFrom = :old',
              ConditionExpression: 'pathKey = :old AND attribute_not_exists(movingFrom)',
              ExpressionAttributeNames: { '#path': 'path' },
              ExpressionAttributeValues: {
                ':parent': parent.id,
                ':path': path,
                ':pathKey': fields.pathKey,
                ':nameScope': fields.nameScope,
                ':old': pathKey(org.path),
              },
            },
          },
          {
            Update: {
              TableName: table,
              Key: { id: parent.id },
              UpdateExpression: 'SET hasChildren = :yes',
              ConditionExpression: 'pathKey = :parentKey AND #status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':yes': true, ':parentKey': pathKey(parent.path), ':open': 'open' },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (failedConditions(error)) throw conflict('组织或新的上级刚被其他人修改，请刷新后重试');
    throw error;
  }
  return { ...org, parentId: parent.id, path };
}

/**
 * Step two, repeated: up to `limit` orgs still under the old pathKey get their new path (the moved
 * org's new path + their own path below it). One Query on byPath and ≤ limit conditional updates;
 * `done` when none were left, and then `movingFrom` is removed.
 */
export async function continueMove(moved: Org, oldPathKey: string, limit: number): Promise<{ rewritten: string[]; done: boolean }> {
  const page = await queryPage({
    TableName: tableName('orgs'),
    IndexName: 'byPath',
    KeyConditionExpression: '#tree = :tree AND begins_with(pathKey, :prefix)',
    ExpressionAttributeNames: { '#tree': 'tree' },
    ExpressionAttributeValues: { ':tree': TREE, ':prefix': oldPathKey },
    Limit: limit,
  });
  const orgs = page.items.map(toOrg);
  await Promise.all(
    orgs.map(async (org) => {
      const below = org.path.slice(org.path.indexOf(moved.id) + 1);
      const fields = movedFields([...moved.path, ...below]);
      try {
        await db().send(
          new UpdateCommand({
            TableName: tableName('orgs'),
            Key: { id: org.id },
            UpdateExpression: 'SET #path = :path, pathKey = :pathKey, nameScope = :nameScope',
            ConditionExpression: 'pathKey = :old',
            ExpressionAttributeNames: { '#path': 'path' },
            ExpressionAttributeValues: {
              ':path': fields.path,
              ':pathKey': fields.pathKey,
              ':nameScope': fields.nameScope,
              ':old': pathKey(org.path),
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailed(error)) throw error; // rewritten by a concurrent step
      }
    }),
  );
  const done = !page.nextKey;
  if (done) {
    await db().send(
      new UpdateCommand({
        TableName: tableName('orgs'),
        Key: { id: moved.id },
        UpdateExpression: 'REMOVE movingFrom',
        ConditionExpression: 'attribute_exists(pathKey)',
      }),
    );
  }
  return { rewritten: orgs.map((o) => o.id), done };
}
