import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * Transactions on a busy item (an activity's capacity counter) are cancelled with
 * TransactionConflict while another one holds it: back off with jitter and try again.
 */
export async function withConflictRetry<T>(run: () => Promise<T>, attempts = 25): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const conflict =
        (error instanceof TransactionCanceledException &&
          (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')) ||
        (error as Error).name === 'TransactionConflictException';
      if (!conflict || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, 10 * 2 ** Math.min(attempt, 7))));
    }
  }
}

/** Which conditions of a cancelled transaction failed, by position. */
export function failedConditions(error: unknown): boolean[] | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  const reasons = error.CancellationReasons ?? [];
  if (reasons.some((r) => r.Code === 'TransactionConflict')) return null;
  return reasons.map((r) => r.Code === 'ConditionalCheckFailed');
}
