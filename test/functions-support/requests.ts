import { randomUUID } from 'node:crypto';
import { db } from '../../functions/lib/db';

export interface SentRequest {
  /** "BatchGetItemCommand", "TransactWriteItemsCommand", … */
  command: string;
  /** the table (a batch's first) */
  table?: string;
  index?: string;
  input: Record<string, unknown>;
}

/**
 * Records every DynamoDB request the functions' client sends while `work` runs, so a test can
 * assert what a call costs or how it writes (tests run one at a time in a file: nothing else sends
 * meanwhile).
 */
export async function recordRequests<T>(work: () => Promise<T>): Promise<{ result: T; sent: SentRequest[] }> {
  const sent: SentRequest[] = [];
  const name = `recordRequests-${randomUUID()}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string; IndexName?: string; RequestItems?: Record<string, unknown> };
      sent.push({
        command: context.commandName ?? '?',
        table: input.TableName ?? Object.keys(input.RequestItems ?? {})[0],
        index: input.IndexName,
        input: args.input as Record<string, unknown>,
      });
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await work(), sent };
  } finally {
    db().middlewareStack.remove(name);
  }
}
