import { BatchWriteCommand, DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { db, tableName } from '../lib/db';
import { isConditionFailed, recordOf, type Item } from '../lib/dynamo';

/**
 * Rescope tasks, in the orgs table: `rescope#<orgId>` says "this org's path changed; its listed items
 * (memberships, transfers, join codes, activities, stations, reports) still carry the old scope
 * attributes". The sparse index `rescopes` (rescopeQueue = pending, queuedAt) finds them oldest first.
 * A task remembers how far it got (which table, DynamoDB's cursor in it) so the job resumes after a
 * timeout; queuing the org again (another move) starts it over from the first table.
 */
export const RescopeTask = z.object({
  orgId: z.string(),
  queuedAt: z.string(),
  step: z.number().int().nonnegative(),
  cursor: z.string().optional(),
  done: z.number().int().nonnegative(),
});
export type RescopeTask = z.infer<typeof RescopeTask>;

const PENDING = 'pending';
const taskKey = (orgId: string) => ({ id: `rescope#${orgId}` });

/** Queues (or restarts) the task of each org: BatchWrite, 25 a request. */
export async function queueRescopes(orgIds: string[], now = new Date()): Promise<void> {
  const queuedAt = now.toISOString();
  for (let i = 0; i < orgIds.length; i += 25) {
    let pending: Item[] = orgIds.slice(i, i + 25).map((orgId) => ({
      PutRequest: { Item: { ...taskKey(orgId), orgId, rescopeQueue: PENDING, queuedAt, step: 0, done: 0 } },
    }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === 5) throw new Error('rescope tasks not queued after retries');
      const reply = await db().send(new BatchWriteCommand({ RequestItems: { [tableName('orgs')]: pending } }));
      pending = (reply.UnprocessedItems?.[tableName('orgs')] ?? []) as Item[];
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}

/** The oldest pending tasks (one Query). */
export async function pendingRescopes(limit: number): Promise<RescopeTask[]> {
  const reply = await db().send(
    new QueryCommand({
      TableName: tableName('orgs'),
      IndexName: 'rescopes',
      KeyConditionExpression: 'rescopeQueue = :pending',
      ExpressionAttributeValues: { ':pending': PENDING },
      Limit: limit,
    }),
  );
  return (reply.Items ?? []).map((item) => recordOf(RescopeTask, item));
}

/**
 * Saves where a task got to, unless it was queued again meanwhile (then the new task stands and
 * this run's progress is dropped: false).
 */
export async function saveRescopeProgress(task: RescopeTask): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName('orgs'),
        Key: taskKey(task.orgId),
        UpdateExpression: task.cursor
          ? 'SET step = :step, done = :done, #cursor = :cursor'
          : 'SET step = :step, done = :done REMOVE #cursor',
        ConditionExpression: 'queuedAt = :queuedAt',
        ExpressionAttributeNames: { '#cursor': 'cursor' },
        ExpressionAttributeValues: {
          ':step': task.step,
          ':done': task.done,
          ':queuedAt': task.queuedAt,
          ...(task.cursor ? { ':cursor': task.cursor } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Removes a finished task, unless it was queued again meanwhile. */
export async function finishRescope(task: RescopeTask): Promise<void> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: tableName('orgs'),
        Key: taskKey(task.orgId),
        ConditionExpression: 'queuedAt = :queuedAt',
        ExpressionAttributeValues: { ':queuedAt': task.queuedAt },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}
