import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createLogger } from '../lib/log';
import { deliver } from './deliver';

/**
 * Time a record may still need: a claim, two WeChat calls of up to 4 s each (a 47003 sends once
 * more; a refused token is refreshed first) and the settling writes. With less than this left the
 * handler stops and hands the rest back, so a message is never claimed by a sender the Lambda
 * timeout then kills (a claim left 'sending' is given up by the sweep, never sent: deliver.ts).
 */
export const STOP_WITH_MS_LEFT = 12_000;

/**
 * The inbox table's stream (NEW_IMAGE; the event source's filter passes only INSERTs born
 * `delivery: 'pending'`): each new message is sent as a WeChat subscribe message (deliver.ts) within
 * seconds of the action that recorded it, which never waits for it. A record handed over twice (Lambda
 * retries a batch) finds its message claimed and sends nothing. A record whose DynamoDB step failed is
 * reported back (ReportBatchItemFailures) and retried by Lambda; so are the records not reached
 * when the invocation's time runs short (STOP_WITH_MS_LEFT); the sweep catches anything left.
 */
export const handler = async (
  event: DynamoDBStreamEvent,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<DynamoDBBatchResponse> => {
  const log = createLogger({ job: 'deliverStream' });
  const batchItemFailures: { itemIdentifier: string }[] = [];
  let stopped = false;
  for (const record of event.Records) {
    const sequence = record.dynamodb?.SequenceNumber;
    if (!stopped && context && context.getRemainingTimeInMillis() < STOP_WITH_MS_LEFT) {
      stopped = true;
      log.warn('stream batch cut short, the rest handed back', { records: event.Records.length });
    }
    if (stopped) {
      if (sequence) batchItemFailures.push({ itemIdentifier: sequence });
      continue;
    }
    const image = record.dynamodb?.NewImage;
    const userId = record.dynamodb?.Keys?.userId?.S;
    const id = record.dynamodb?.Keys?.id?.S;
    if (record.eventName !== 'INSERT' || image?.delivery?.S !== 'pending' || !userId || !id) continue;
    try {
      await deliver(userId, id, new Date(), log);
    } catch (error) {
      log.warn('subscribe message not delivered from the stream', { messageId: id, error: (error as Error).name });
      if (sequence) batchItemFailures.push({ itemIdentifier: sequence });
    }
  }
  return { batchItemFailures };
};
