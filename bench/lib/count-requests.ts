/**
 * Counts the DynamoDB requests a piece of work sends (by command, table and index), the items they
 * read and the bytes received: a middleware on the functions' shared client (functions/lib/db.ts).
 * Install it before the client's first request (the SDK caches a command's middleware chain once
 * it has run); then `measure(work)` counts what `work` sends.
 */

export interface Measure {
  requests: number;
  /** "Query members/byScope2" → count */
  by: Record<string, number>;
  itemsRead: number;
  /** items a write names: 1 for a Put/Update/Delete, each step of a transaction, each request of a batch write */
  itemsWritten: number;
  bytes: number;
}
export const fresh = (): Measure => ({ requests: 0, by: {}, itemsRead: 0, itemsWritten: 0, bytes: 0 });
let current: Measure | null = null;

function itemsReadOf(command: string, output: Record<string, unknown>): number {
  if (typeof output.ScannedCount === 'number') return output.ScannedCount;
  if (typeof output.Count === 'number') return output.Count;
  if (command.startsWith('GetItem') || command.startsWith('Get')) return output.Item ? 1 : 0;
  const responses = output.Responses;
  if (Array.isArray(responses)) return responses.filter((r) => r && (r as { Item?: unknown }).Item).length;
  if (responses && typeof responses === 'object')
    return Object.values(responses).reduce((n: number, list) => n + (Array.isArray(list) ? list.length : 0), 0);
  return 0;
}

function itemsWrittenOf(command: string, input: Record<string, unknown>): number {
  if (command === 'Put' || command === 'Update' || command === 'Delete' || /^(Put|Update|Delete)Item$/.test(command)) return 1;
  if (command.startsWith('TransactWrite'))
    return ((input.TransactItems ?? []) as Record<string, unknown>[]).filter((step) => !step.ConditionCheck).length;
  if (command.startsWith('BatchWrite'))
    return Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce((n, list) => n + list.length, 0);
  return 0;
}

function shortTable(name: string | undefined, stage: string): string {
  return (name ?? '?').replace(`union-services-${stage}-`, '');
}

export async function installCounter(stageOf: () => string) {
  const { db } = await import('../../functions/lib/db');
  const stack = db().middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (current) {
        const input = args.input as {
          TableName?: string;
          IndexName?: string;
          RequestItems?: Record<string, unknown>;
          TransactItems?: unknown[];
        };
        const command = (context.commandName ?? '?').replace(/Command$/, '');
        const table = input.TableName
          ? `${shortTable(input.TableName, stageOf())}${input.IndexName ? `/${input.IndexName}` : ''}`
          : input.RequestItems
            ? Object.keys(input.RequestItems)
                .map((t) => shortTable(t, stageOf()))
                .join('+')
            : '';
        const key = `${command} ${table}`.trim();
        current.requests += 1;
        current.by[key] = (current.by[key] ?? 0) + 1;
        current.itemsRead += itemsReadOf(command, result.output as Record<string, unknown>);
        current.itemsWritten += itemsWrittenOf(command, args.input as Record<string, unknown>);
      }
      return result;
    },
    { step: 'initialize', name: 'benchCountRequests' },
  );
  stack.add(
    (next) => async (args) => {
      const result = await next(args);
      const length = Number((result.response as { headers?: Record<string, string> }).headers?.['content-length'] ?? 0);
      if (current) current.bytes += length;
      return result;
    },
    { step: 'deserialize', name: 'benchCountBytes' },
  );
}

/** Runs `work` alone (nothing else may send requests meanwhile) and counts what it sends. */
export async function measure<T>(work: () => Promise<T>): Promise<{ result: T; measure: Measure }> {
  current = fresh();
  try {
    const result = await work();
    return { result, measure: current };
  } finally {
    current = null;
  }
}
