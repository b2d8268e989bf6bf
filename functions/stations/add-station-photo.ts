import { contract } from '../../shared/contract';
import {
  MAX_PHOTO_BYTES,
  MAX_STATION_PHOTOS,
  PHOTO_REFUSED,
  PHOTO_TOO_LARGE,
  PHOTO_WRONG_TYPE,
  PHOTOS_FULL,
} from '../../shared/schemas/station-photo';
import { recordAudit } from '../lib/audit';
import { conflict, DomainError, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { deleteObjects, objectSize, readObject, writeObject } from '../lib/s3';
import { assertInScope } from '../orgs/scope';
import { WechatUnavailable } from '../lib/wechat/access-token';
import { checkImage } from '../lib/wechat/content-check';
import { appendHeldPhoto } from '../tables/photo-checks';
import { appendPhotoId, getStation } from '../tables/stations';
import { detectPhotoType, makePhotoJpegs } from './photo-image';
import { galleryOf, photoKey, thumbKey, uploadKey } from './station-photos';

const refused = (message: string) => new DomainError('bad_request', message, { uploadId: [message] });

/**
 * Turns an upload into a station photo. The upload policy limits type and size on S3, but a local
 * store (s3rver) does not, and a phone can lie about the type: so what arrived is checked here —
 * its size, and its type by its first bytes — and a refused file is deleted, never shown. Then
 * WeChat's picture check (imgSecCheck, on a copy within its 750 × 1334 px and 1 MB): risky → the
 * files are deleted and the uploader told (400); WeChat unreachable → the photo is added held, seen
 * by the station's staff only, until the recheckPhotos sweep has a verdict. The photo is appended by
 * one conditional update (at most 6; a retry of the same upload adds nothing).
 */
export const handler = defineHandler(contract.addStationPhoto, async ({ params, body }, { principal, log }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  const org = await assertInScope(principal, station.orgId);
  const photoId = body.uploadId;
  if (station.photoIds.includes(photoId)) return { photos: await galleryOf(station, { staffView: true }) };

  const upload = uploadKey(station.id, photoId);
  const stored = [photoKey(station.id, photoId), thumbKey(station.id, photoId)];
  const refuse = async (message: string, reason: string) => {
    await deleteObjects([upload]);
    log.info('photo refused', { stationId: station.id, uploadId: photoId, reason });
    return refused(message);
  };
  if (station.photoIds.length >= MAX_STATION_PHOTOS) throw conflict(PHOTOS_FULL);

  const size = await objectSize(upload);
  if (size === null) throw refused('没有找到上传的照片，可能已过期，请重新选择照片');
  if (size < 1 || size > MAX_PHOTO_BYTES) throw await refuse(PHOTO_TOO_LARGE, `size ${size}`);
  const bytes = await readObject(upload);
  if (!bytes) throw refused('没有找到上传的照片，可能已过期，请重新选择照片');
  if (bytes.length > MAX_PHOTO_BYTES) throw await refuse(PHOTO_TOO_LARGE, `size ${bytes.length}`);
  const type = detectPhotoType(bytes);
  if (!type) throw await refuse(PHOTO_WRONG_TYPE, 'magic');

  let jpegs: ReturnType<typeof makePhotoJpegs>;
  try {
    jpegs = makePhotoJpegs(bytes, type);
  } catch (error) {
    throw await refuse('这张照片无法识别（文件可能已损坏或尺寸过大），请换一张', String(error).slice(0, 100));
  }

  let verdict: 'pass' | 'risky' | 'held';
  try {
    verdict = await checkImage(jpegs.check);
  } catch (error) {
    if (!(error instanceof WechatUnavailable)) throw error;
    log.warn('picture check unavailable, photo held', { stationId: station.id, photoId, reason: error.message });
    verdict = 'held';
  }
  if (verdict === 'risky') throw await refuse(PHOTO_REFUSED, 'content check');

  await Promise.all([writeObject(stored[0]!, jpegs.photo, 'image/jpeg'), writeObject(stored[1]!, jpegs.thumb, 'image/jpeg')]);
  const outcome =
    verdict === 'held'
      ? await appendHeldPhoto(station.id, photoId, MAX_STATION_PHOTOS, new Date())
      : await appendPhotoId(station.id, photoId, MAX_STATION_PHOTOS, new Date());
  if (outcome === 'full' || outcome === 'no-station') {
    await deleteObjects([upload, ...stored]);
    throw outcome === 'full' ? conflict(PHOTOS_FULL) : notFound('找不到这个驿站');
  }
  await deleteObjects([upload]);
  log.info('photo added', { stationId: station.id, photoId, outcome, verdict, bytes: bytes.length });
  if (outcome === 'added') {
    await recordAudit({
      principal,
      org,
      kind: 'station.photo.add',
      object: { type: 'station', id: station.id, label: station.name },
      summary: `给驿站「${station.name}」添加照片`,
    });
  }
  const current = (await getStation(station.id)) ?? station;
  return { photos: await galleryOf(current, { staffView: true }) };
});
