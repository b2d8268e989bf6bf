import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AuditEntry, type AuditKind } from '../../shared/schemas/audit';
import { db, tableName } from '../lib/db';
import { recordOf, type Item } from '../lib/dynamo';
import { queryScopePage, scopeAttributes, withoutScope, type Scoped } from '../lib/scope-keys';

/**
 * audit table (pk, sk): each entry is written as three items, pk = entry#<id>, one per way it is
 * listed: sk = all (list "audit"), kind (list "audit#kind#<kind>"), actor (list "audit#actor#<userId>").
 * Each carries scope0…4 for the object's org path, so admins of any ancestor read their subtree's
 * log newest first with one Query per page, filtered by kind or by person without a scan.
 * TTL: three years.
 */

const THREE_YEARS_SECONDS = 3 * 366 * 24 * 60 * 60;

export type AuditFilter = { kind?: AuditKind; actorId?: string };

function listOf(filter: AuditFilter): string {
  if (filter.actorId) return `audit#actor#${filter.actorId}`;
  if (filter.kind) return `audit#kind#${filter.kind}`;
  return 'audit';
}

/**
 * Writes the entry's three items in one request (they are not read back until listed). `subject`:
 * the userId of the member the entry is about, if any (bySubject finds it when they 注销).
 */
export async function putAuditEntry(entry: AuditEntry, orgPath: readonly string[], subject?: string): Promise<void> {
  const listKey = `${entry.at}#${entry.id}`;
  const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + THREE_YEARS_SECONDS;
  const copies: Array<[string, string]> = [
    ['all', 'audit'],
    ['kind', `audit#kind#${entry.kind}`],
    ['actor', `audit#actor#${entry.actorId}`],
  ];
  const items = copies.map(([sk, list]) => ({
    pk: `entry#${entry.id}`,
    sk,
    ...entry,
    ...scopeAttributes(orgPath, list, listKey),
    ...(subject ? { subject } : {}),
    expiresAt,
  }));
  let pending: Item[] = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    const reply = await db().send(new BatchWriteCommand({ RequestItems: { [tableName('audit')]: pending } }));
    pending = (reply.UnprocessedItems?.[tableName('audit')] ?? []) as Item[];
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
  }
  if (pending.length > 0) throw new Error('audit entry not fully written after retries');
}

/**
 * A page of the log over an org's subtree, newest first. Filtering by person and kind at once reads
 * the person's entries and filters by kind: bounded by what one person did, not by the subtree.
 */
export async function listAuditEntries(org: Scoped, filter: AuditFilter, limit: number, cursor?: string) {
  const page = await queryScopePage({
    table: 'audit',
    org,
    list: listOf(filter),
    limit,
    cursor,
    filter: filter.actorId && filter.kind ? { expression: 'kind = :kind', values: { ':kind': filter.kind } } : undefined,
  });
  return { entries: page.items.map((i) => recordOf(AuditEntry, withoutScope(i))), nextCursor: page.nextCursor, scanned: page.scanned };
}
