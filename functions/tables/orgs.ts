import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Org } from '../../shared/schemas/org';
import { db, tableName } from '../lib/db';
import { queryAll, recordOf, type Item } from '../lib/dynamo';

/**
 * orgs table: one item per org, keyed by id. Index byPath (tree, pathKey) holds every org of a
 * tree sorted by its path "beijing/fengtai/lugouqiao/", so a whole subtree is one Query with
 * begins_with, in tree order.
 */
const TREE = 'beijing';

/** An org as stored: `tree` and `pathKey` (the index's keys) are dropped; a root may lack parentId. */
const OrgRecord = Org.extend({ parentId: Org.shape.parentId.default(null) });

function pathKey(path: string[]): string {
  return `${path.join('/')}/`;
}

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

/** True when `orgId` is `actingOrg` itself or lies below it. */
export function isWithin(org: Org, actingOrgId: string): boolean {
  return org.path.includes(actingOrgId);
}

export async function putOrg(org: Org): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName('orgs'), Item: { ...org, tree: TREE, pathKey: pathKey(org.path) } }));
}
