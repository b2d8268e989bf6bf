import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createLogger } from '../lib/log';
import { deliver } from './deliver';

/**
 * The inbox table's stream (NEW_IMAGE; the event source's filter passes only INSERTs born
 * `delivery: 'pending'`): each new message is sent as a WeChat subscribe message (deliver.ts) within
 * seconds of the action that recorded it, which never waits for it. A record handed over twice (Lambda
 * retries a batch) finds its message claimed and sends nothing. A record whose DynamoDB step failed is
 * reported back (ReportBatchItemFailures) and retried by Lambda; the sweep catches anything left.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const log = createLogger({ job: 'deliverStream' });
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const userId = record.dynamodb?.Keys?.userId?.S;
    const id = record.dynamodb?.Keys?.id?.S;
    if (record.eventName !== 'INSERT' || image?.delivery?.S !== 'pending' || !userId || !id) continue;
    try {
      await deliver(userId, id, new Date(), log);
    } catch (error) {
      log.warn('subscribe message not delivered from the stream', { messageId: id, error: (error as Error).name });
      if (record.dynamodb?.SequenceNumber) batchItemFailures.push({ itemIdentifier: record.dynamodb.SequenceNumber });
    }
  }
  return { batchItemFailures };
};
