import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Id } from '../../shared/schemas/common';
import { JoinCode } from '../../shared/schemas/membership';
import { db, tableName } from '../lib/db';
import { queryAll, recordOf, type Item } from '../lib/dynamo';

/** joinCodes table: one item per code (id jc-<hex>); byOrg (orgId, createdAt) lists an org's codes. */

/** A code as stored: the org's name, token and link are made when it is shown; who made it and how often it was scanned. */
export const JoinCodeRecord = JoinCode.omit({ orgName: true, token: true, url: true }).extend({
  createdBy: Id,
  scans: z.number().int().nonnegative(),
});
export type JoinCodeRecord = z.infer<typeof JoinCodeRecord>;

const toRecord = (item: Item): JoinCodeRecord => recordOf(JoinCodeRecord, item);

export async function putJoinCode(code: JoinCodeRecord): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName('joinCodes'), Item: code, ConditionExpression: 'attribute_not_exists(id)' }));
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

export async function listJoinCodesOfOrg(orgId: string): Promise<JoinCodeRecord[]> {
  const items = await queryAll({
    TableName: tableName('joinCodes'),
    IndexName: 'byOrg',
    KeyConditionExpression: 'orgId = :org',
    ExpressionAttributeValues: { ':org': orgId },
    ScanIndexForward: false,
  });
  return items.map(toRecord);
}
