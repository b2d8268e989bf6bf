import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { OutreachEvent } from '../../shared/schemas/membership';
import { db, tableName } from '../lib/db';

/** joinCodes table: one item per code (id jc-<hex>); byOrg (orgId, createdAt) lists an org's codes. */
export interface JoinCodeRecord {
  id: string;
  orgId: string;
  event?: OutreachEvent;
  autoApprove: boolean;
  expiresAt?: string;
  revoked: boolean;
  createdAt: string;
  createdBy: string;
  scans: number;
}

export async function putJoinCode(code: JoinCodeRecord): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName('joinCodes'), Item: code, ConditionExpression: 'attribute_not_exists(id)' }));
}

export async function getJoinCode(id: string): Promise<JoinCodeRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('joinCodes'), Key: { id } }));
  return (Item as JoinCodeRecord | undefined) ?? null;
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
  return reply.Attributes as JoinCodeRecord;
}

export async function listJoinCodesOfOrg(orgId: string): Promise<JoinCodeRecord[]> {
  const codes: JoinCodeRecord[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const reply: QueryCommandOutput = await db().send(
      new QueryCommand({
        TableName: tableName('joinCodes'),
        IndexName: 'byOrg',
        KeyConditionExpression: 'orgId = :org',
        ExpressionAttributeValues: { ':org': orgId },
        ScanIndexForward: false,
        ExclusiveStartKey: cursor,
      }),
    );
    codes.push(...((reply.Items ?? []) as JoinCodeRecord[]));
    cursor = reply.LastEvaluatedKey;
  } while (cursor);
  return codes;
}
