import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Org, OrgLevel } from '../../shared/schemas/org';
import { db, tableName } from '../lib/db';

/**
 * orgs table: one item per org, keyed by id. Index byPath (tree, pathKey) holds every org of a
 * tree sorted by its path "beijing/fengtai/lugouqiao/", so a whole subtree is one Query with
 * begins_with, in tree order.
 */
const TREE = 'beijing';

function pathKey(path: string[]): string {
  return `${path.join('/')}/`;
}

function toOrg(item: Record<string, unknown>): Org {
  return {
    id: item.id as string,
    name: item.name as string,
    shortName: item.shortName as string,
    level: item.level as OrgLevel,
    parentId: (item.parentId as string | undefined) ?? null,
    path: item.path as string[],
  };
}

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
    let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => ({ id }));
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
  const orgs: Org[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const reply = await db().send(
      new QueryCommand({
        TableName: tableName('orgs'),
        IndexName: 'byPath',
        KeyConditionExpression: root ? '#tree = :tree AND begins_with(pathKey, :prefix)' : '#tree = :tree',
        ExpressionAttributeNames: { '#tree': 'tree' },
        ExpressionAttributeValues: root ? { ':tree': TREE, ':prefix': pathKey(root.path) } : { ':tree': TREE },
        ExclusiveStartKey: cursor,
      }),
    );
    orgs.push(...(reply.Items ?? []).map(toOrg));
    cursor = reply.LastEvaluatedKey;
  } while (cursor);
  return orgs;
}

/** True when `orgId` is `actingOrg` itself or lies below it. */
export function isWithin(org: Org, actingOrgId: string): boolean {
  return org.path.includes(actingOrgId);
}

export async function putOrg(org: Org): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName('orgs'), Item: { ...org, tree: TREE, pathKey: pathKey(org.path) } }));
}
