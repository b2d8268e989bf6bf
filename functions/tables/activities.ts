import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { ActivityInput } from '../../shared/schemas/activity';
import { db, tableName } from '../lib/db';

/**
 * activities table: one item per activity, keyed by id, holding the capacity counter `confirmed`
 * (places taken by confirmed sign-ups and open offers) and `signupSeq` (orders the waiting list).
 */
export type ActivityRecord = ActivityInput & { id: string; confirmed: number; signupSeq: number; createdAt: string; createdBy: string };

export async function putActivity(activity: ActivityRecord): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName('activities'), Item: activity, ConditionExpression: 'attribute_not_exists(id)' }));
}

export async function getActivity(id: string, consistent = false): Promise<ActivityRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('activities'), Key: { id }, ConsistentRead: consistent }));
  return (Item as ActivityRecord | undefined) ?? null;
}

export async function listActivitiesOfOrg(orgId: string): Promise<ActivityRecord[]> {
  const out: ActivityRecord[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const reply: QueryCommandOutput = await db().send(
      new QueryCommand({ TableName: tableName('activities'), IndexName: 'byOrg', KeyConditionExpression: 'orgId = :org', ExpressionAttributeValues: { ':org': orgId }, ExclusiveStartKey: cursor }),
    );
    out.push(...((reply.Items ?? []) as ActivityRecord[]));
    cursor = reply.LastEvaluatedKey;
  } while (cursor);
  return out;
}

/** The next number in an activity's sign-up order (an atomic counter). */
export async function nextSignupSeq(id: string): Promise<number> {
  const reply = await db().send(
    new UpdateCommand({ TableName: tableName('activities'), Key: { id }, UpdateExpression: 'ADD signupSeq :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' }),
  );
  return reply.Attributes!.signupSeq as number;
}

/** Changes the capacity, refusing one below the places already taken. */
export async function setCapacity(id: string, capacity: number | null): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName('activities'),
        Key: { id },
        UpdateExpression: 'SET #capacity = :cap',
        ConditionExpression: capacity === null ? 'attribute_exists(id)' : 'confirmed <= :cap',
        ExpressionAttributeNames: { '#capacity': 'capacity' }, // a reserved word
        ExpressionAttributeValues: { ':cap': capacity },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
