import type { EvidencePhoto } from '../../shared/schemas/network';
import { MAX_PHOTO_BYTES, type PhotoContentType } from '../../shared/schemas/station-photo';
import { storeCheckedPhoto } from './checked-photo';
import { deleteObjects, presignUpload, signedGetUrl, type PresignedUpload } from './s3';

/**
 * Evidence photos (docs/station-network.md, "Photos"): what a supervisor saw at an inspection and
 * what staff did about it. In the photos bucket, under `evidence/` (the only prefix these functions
 * are granted):
 *   evidence/uploads/<userId>/<uploadId>         what the phone posted (expires after a day); another
 *                                                person's upload id names nothing of theirs
 *   <destPrefix><uploadId>.jpg / -thumb.jpg      the checked photo, upright, ≤ 1600 px, no EXIF:
 *                                                `evidence/<inspectionId>/` or `evidence/tasks/<reportId>/`
 * A stored photo is named by its key without the ending (`evidence/<inspectionId>/<uploadId>`): the
 * inspection or report keeps those keys, and the API turns them into 1-hour signed links.
 * Not sent to WeChat's picture check: only the supervisor and the station's staff ever see them.
 */
export const evidenceUploadKey = (userId: string, uploadId: string) => `evidence/uploads/${userId}/${uploadId}`;
const photoOf = (key: string) => `${key}.jpg`;
const thumbOf = (key: string) => `${key}-thumb.jpg`;

/** How long an upload ticket and a link to a photo work. */
export const EVIDENCE_UPLOAD_SECONDS = 10 * 60;
export const EVIDENCE_LINK_SECONDS = 60 * 60;

export const EVIDENCE_NOT_FOUND = '没有找到上传的照片，可能已过期，请重新选择照片';
export const EVIDENCE_UNREADABLE = '这张照片无法识别（文件可能已损坏或尺寸过大），请换一张';

/** A presigned POST for one evidence photo of `userId`: that key, that type, 1 byte to 5 MB. */
export async function presignEvidenceUpload(
  userId: string,
  uploadId: string,
  contentType: PhotoContentType,
): Promise<PresignedUpload & { expiresAt: string; maxBytes: number }> {
  const { url, fields } = await presignUpload({
    key: evidenceUploadKey(userId, uploadId),
    contentType,
    maxBytes: MAX_PHOTO_BYTES,
    expiresSeconds: EVIDENCE_UPLOAD_SECONDS,
  });
  return { url, fields, maxBytes: MAX_PHOTO_BYTES, expiresAt: new Date(Date.now() + EVIDENCE_UPLOAD_SECONDS * 1000).toISOString() };
}

/**
 * Turns `userId`'s upload into a stored evidence photo under `destPrefix` and answers its key. What
 * arrived is checked as station photos are (S3's policy limits type and size, the local store does
 * not, a phone can lie): its size, JPEG/PNG by its first bytes, and that it decodes; it is stored
 * upright without EXIF (so no phone position) with a thumbnail. A refused upload is deleted and the
 * refusal is a 400 beside `field`. The upload itself is left for `dropUploads` once what uses the
 * photo is written, so a submit refused for another photo can be sent again as it was. A photo
 * stored already (a retried submit) is found and answered without reading the upload.
 */
export async function acceptEvidence(userId: string, uploadId: string, destPrefix: string, field = 'photo'): Promise<string> {
  const key = `${destPrefix}${uploadId}`;
  await storeCheckedPhoto({
    upload: evidenceUploadKey(userId, uploadId),
    photoKey: photoOf(key),
    thumbKey: thumbOf(key),
    field,
    notFound: EVIDENCE_NOT_FOUND,
    unreadable: EVIDENCE_UNREADABLE,
  });
  return key;
}

/** Deletes uploads whose photos are stored and in use (a missing one is fine). */
export async function dropUploads(userId: string, uploadIds: readonly string[]): Promise<void> {
  await deleteObjects(uploadIds.map((id) => evidenceUploadKey(userId, id)));
}

/** Deletes stored evidence photos nothing uses (a submit refused after some of its photos were stored). */
export async function dropEvidence(keys: readonly string[]): Promise<void> {
  await deleteObjects(keys.flatMap((key) => [photoOf(key), thumbOf(key)]));
}

/** Stored photos as the app shows them: 1-hour signed links (signing is local: no request). */
export async function evidenceLinks(keys: readonly string[]): Promise<EvidencePhoto[]> {
  return Promise.all(
    keys.map(async (key) => ({
      id: key.slice(key.lastIndexOf('/') + 1),
      thumbUrl: await signedGetUrl(thumbOf(key), EVIDENCE_LINK_SECONDS),
      url: await signedGetUrl(photoOf(key), EVIDENCE_LINK_SECONDS),
    })),
  );
}
