import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { db } from './db';

/**
 * The one set of DynamoDB helpers every table module uses: paging, reading items into records
 * through their zod schema, and recognising failed conditions and transaction conflicts.
 */

export type Item = Record<string, unknown>;
export type StartKey = Record<string, unknown> | undefined;

/**
 * A table item read back as its record: the schema drops key and index attributes and checks the rest.
 * A strict schema (z.strictObject) refuses those attributes instead: pass its `.strip()`.
 */
export function recordOf<S extends z.ZodType>(schema: S, item: Item): z.infer<S> {
  return schema.parse(item);
}

/** One page of a query. `startKey` is where the previous page ended; `scanned` counts items read before any filter. */
export async function queryPage(
  input: QueryCommandInput,
  startKey?: StartKey,
): Promise<{ items: Item[]; nextKey: StartKey; scanned: number }> {
  const reply = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
  const items: Item[] = reply.Items ?? [];
  return { items, nextKey: reply.LastEvaluatedKey, scanned: reply.ScannedCount ?? items.length };
}

/** What queries cost: requests sent and items read (for response logs and benchmarks). */
export interface QueryStats {
  requests: number;
  itemsRead: number;
}

/** Every item a query matches, following DynamoDB's pages. Only for queries bounded by their key. */
export async function queryAll(input: QueryCommandInput, stats?: QueryStats): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: StartKey;
  do {
    const page = await queryPage(input, startKey);
    items.push(...page.items);
    if (stats) {
      stats.requests += 1;
      stats.itemsRead += page.scanned;
    }
    startKey = page.nextKey;
  } while (startKey);
  return items;
}

/** A single write's ConditionExpression did not hold. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as Error | undefined)?.name === 'ConditionalCheckFailedException';
}

/** Another transaction held one of the items: the write may simply be tried again. */
export function isTransactionConflict(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) return (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
  return (error as Error | undefined)?.name === 'TransactionConflictException';
}

/**
 * Which conditions of a cancelled transaction failed, by the position of its items; null when the
 * error is not a cancellation for failed conditions (a conflict, or anything else).
 */
export function failedConditions(error: unknown): boolean[] | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  const reasons = error.CancellationReasons ?? [];
  if (reasons.some((r) => r.Code === 'TransactionConflict')) return null;
  return reasons.map((r) => r.Code === 'ConditionalCheckFailed');
}

/**
 * Transactions on a busy item (an activity's capacity counter) are cancelled with
 * TransactionConflict while another one holds it: back off with jitter and try again.
 */
export async function withConflictRetry<T>(run: () => Promise<T>, attempts = 25): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, 10 * 2 ** Math.min(attempt, 7))));
    }
  }
}
