import { DeleteCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { db, tableName } from '../lib/db';
import { failedConditions, recordOf } from '../lib/dynamo';
import { getStation } from './stations';

/**
 * Station photos WeChat's picture check has not answered for (docs/privacy-and-content.md, "Photos").
 *
 * A held photo is on its station (in `photoIds`, so it counts towards the six, and in the string set
 * `heldPhotoIds`, so only the station's staff see it) and has an entry in the feedback table, beside
 * the wall posts' pending checks:
 *   photocheck#pending / <heldAt>#<stationId>#<photoId>    { stationId, photoId }
 * The recheckPhotos sweep reads the oldest entries (one Query) and settles each: passed → out of
 * `heldPhotoIds` (shown to all); refused → moved to `refusedPhotoIds` (staff see it marked, to delete).
 */
const PENDING_PK = 'photocheck#pending';
const pendingKey = (heldAt: string, stationId: string, photoId: string) => `${heldAt}#${stationId}#${photoId}`;

export interface PendingPhotoCheck {
  stationId: string;
  photoId: string;
  /** the entry's own sort key */
  sk: string;
}
const PendingRecord = z.object({ stationId: z.string(), photoId: z.string(), sk: z.string() });

/**
 * Appends a photo WeChat gave no verdict for: on the station but held, and its pending entry, in one
 * transaction with the same condition as an ordinary add (at most `max`, never twice).
 */
export async function appendHeldPhoto(
  stationId: string,
  photoId: string,
  max: number,
  now: Date,
): Promise<'added' | 'already-added' | 'full' | 'no-station'> {
  const heldAt = now.toISOString();
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('stations'),
              Key: { id: stationId },
              UpdateExpression: 'SET photoIds = list_append(if_not_exists(photoIds, :none), :one), updatedAt = :now ADD heldPhotoIds :ids',
              ConditionExpression:
                'attribute_exists(id) AND (attribute_not_exists(photoIds) OR (size(photoIds) < :max AND NOT contains(photoIds, :id)))',
              ExpressionAttributeValues: {
                ':none': [],
                ':one': [photoId],
                ':ids': new Set([photoId]),
                ':max': max,
                ':id': photoId,
                ':now': heldAt,
              },
            },
          },
          {
            Put: {
              TableName: tableName('feedback'),
              Item: { pk: PENDING_PK, sk: pendingKey(heldAt, stationId, photoId), stationId, photoId },
            },
          },
        ],
      }),
    );
    return 'added';
  } catch (error) {
    if (!failedConditions(error)?.[0]) throw error;
    const station = await getStation(stationId);
    if (!station) return 'no-station';
    return station.photoIds.includes(photoId) ? 'already-added' : 'full';
  }
}

/** The oldest held photos: one Query. */
export async function pendingPhotoChecks(limit: number): Promise<PendingPhotoCheck[]> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName('feedback'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PENDING_PK },
      Limit: limit,
    }),
  );
  return Items.map((item) => recordOf(PendingRecord, item));
}

/**
 * Records WeChat's verdict on a held photo and drops its entry, in one transaction conditional on the
 * photo still being held. False when it is not (removed by staff meanwhile): the entry is dropped.
 */
export async function settlePhotoCheck(check: PendingPhotoCheck, passed: boolean, now = new Date()): Promise<boolean> {
  const ids = new Set([check.photoId]);
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('stations'),
              Key: { id: check.stationId },
              UpdateExpression: passed
                ? 'DELETE heldPhotoIds :ids SET updatedAt = :now'
                : 'DELETE heldPhotoIds :ids ADD refusedPhotoIds :ids SET updatedAt = :now',
              ConditionExpression: 'contains(heldPhotoIds, :id)',
              ExpressionAttributeValues: { ':ids': ids, ':id': check.photoId, ':now': now.toISOString() },
            },
          },
          { Delete: { TableName: tableName('feedback'), Key: { pk: PENDING_PK, sk: check.sk } } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (!failedConditions(error)?.[0]) throw error;
    await dropPhotoCheck(check);
    return false;
  }
}

/** Forgets a pending entry whose photo is no longer held (removed, or its station gone). */
export async function dropPhotoCheck(check: PendingPhotoCheck): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName('feedback'), Key: { pk: PENDING_PK, sk: check.sk } }));
}
