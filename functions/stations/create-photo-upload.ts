import { randomUUID } from 'node:crypto';
import { contract } from '../../shared/contract';
import { MAX_PHOTO_BYTES, MAX_STATION_PHOTOS, PHOTOS_FULL } from '../../shared/schemas/station-photo';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { presignUpload } from '../lib/s3';
import { assertInScope } from '../orgs/scope';
import { getStation } from '../tables/stations';
import { uploadKey } from './station-photos';

const UPLOAD_SECONDS = 10 * 60;

/**
 * A presigned POST for one photo: the phone sends the file straight to the bucket. The policy pins
 * the key, the declared type and 1 byte to 5 MB (S3 enforces it; add-station-photo checks again).
 */
export const handler = defineHandler(contract.createPhotoUpload, async ({ params, body }, { principal, log }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  await assertInScope(principal, station.orgId);
  if (station.photoIds.length >= MAX_STATION_PHOTOS) throw conflict(PHOTOS_FULL);
  const uploadId = randomUUID();
  const { url, fields } = await presignUpload({
    key: uploadKey(station.id, uploadId),
    contentType: body.contentType,
    maxBytes: MAX_PHOTO_BYTES,
    expiresSeconds: UPLOAD_SECONDS,
  });
  log.info('photo upload signed', { stationId: station.id, uploadId, contentType: body.contentType, size: body.size });
  return { uploadId, url, fields, maxBytes: MAX_PHOTO_BYTES, expiresAt: new Date(Date.now() + UPLOAD_SECONDS * 1000).toISOString() };
});
