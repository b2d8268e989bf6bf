import { MAX_PHOTO_BYTES, type PhotoContentType } from '../../shared/schemas/station-photo';
import { storeCheckedPhoto } from './checked-photo';
import { deleteObjects, presignUpload, signedGetUrl, type PresignedUpload } from './s3';

/**
 * Claim materials (诊断证明, 病历, 发票 …; docs/claims-and-draws.md, "Photos and health data"): health
 * data, so in the photos bucket under `claims/`, the prefix only the claim functions are granted:
 *   claims/uploads/<memberId>/<uploadId>          what the phone posted (expires after a day); another
 *                                                 person's upload id names nothing of theirs
 *   claims/<claimId>/<item>/<photoId>.jpg / -thumb.jpg   the checked page, upright, ≤ 1600 px, no EXIF
 * A stored page is named by its key without the ending; the claim keeps `key` and `thumbKey`, and the
 * API turns them into 10-minute signed links. Never sent to WeChat's picture check: nobody but the
 * member and the handling staff ever sees them.
 */
export const claimUploadKey = (memberId: string, uploadId: string) => `claims/uploads/${memberId}/${uploadId}`;
export const claimPageKey = (claimId: string, item: string, photoId: string) => `claims/${claimId}/${item}/${photoId}`;
const photoOf = (key: string) => `${key}.jpg`;
const thumbOf = (key: string) => `${key}-thumb.jpg`;

/** How long an upload ticket and a link to a page work. */
export const CLAIM_UPLOAD_SECONDS = 10 * 60;
export const CLAIM_LINK_SECONDS = 10 * 60;

export const CLAIM_PAGE_NOT_FOUND = '没有找到上传的照片，可能已过期，请重新拍摄或选择';
export const CLAIM_PAGE_UNREADABLE = '这张照片无法识别（文件可能已损坏或尺寸过大），请换一张';

/** A presigned POST for one page of `memberId`'s: that key, that type, 1 byte to 5 MB. */
export async function presignClaimUpload(
  memberId: string,
  uploadId: string,
  contentType: PhotoContentType,
): Promise<PresignedUpload & { expiresAt: string; maxBytes: number }> {
  const { url, fields } = await presignUpload({
    key: claimUploadKey(memberId, uploadId),
    contentType,
    maxBytes: MAX_PHOTO_BYTES,
    expiresSeconds: CLAIM_UPLOAD_SECONDS,
  });
  return { url, fields, maxBytes: MAX_PHOTO_BYTES, expiresAt: new Date(Date.now() + CLAIM_UPLOAD_SECONDS * 1000).toISOString() };
}

/**
 * Turns `memberId`'s upload into a stored page of `claimId`'s `item` and answers its keys. What
 * arrived is checked as evidence photos are (S3's policy limits type and size, the local store does
 * not, a phone can lie): its size, JPEG/PNG by its first bytes, and that it decodes; it is stored
 * upright without EXIF (no phone position, no camera) with a thumbnail. A refused upload is deleted
 * and the refusal is a 400 beside `field`. A page stored already (a retried add) is found and
 * answered without reading the upload. The upload is deleted by `dropClaimUpload` once the claim
 * holds the page.
 */
export async function acceptClaimPage(
  memberId: string,
  uploadId: string,
  claimId: string,
  item: string,
  field = 'uploadId',
): Promise<{ key: string; thumbKey: string }> {
  const base = claimPageKey(claimId, item, uploadId);
  const stored = { key: photoOf(base), thumbKey: thumbOf(base) };
  const upload = claimUploadKey(memberId, uploadId);
  await storeCheckedPhoto({
    upload,
    photoKey: stored.key,
    thumbKey: stored.thumbKey,
    field,
    notFound: CLAIM_PAGE_NOT_FOUND,
    unreadable: CLAIM_PAGE_UNREADABLE,
  });
  return stored;
}

/** Deletes an upload whose page the claim now holds (a missing one is fine). */
export async function dropClaimUpload(memberId: string, uploadId: string): Promise<void> {
  await deleteObjects([claimUploadKey(memberId, uploadId)]);
}

/** Deletes stored pages (taken out of their slot, or at the end of the retention period). */
export async function dropClaimPages(pages: readonly { key: string; thumbKey: string }[]): Promise<void> {
  if (pages.length > 0) await deleteObjects(pages.flatMap((p) => [p.key, p.thumbKey]));
}

/** Stored pages as the app shows them: 10-minute signed links (signing is local: no request). */
export async function claimPageLinks(pages: readonly { id: string; key: string; thumbKey: string }[]) {
  return Promise.all(
    pages.map(async (p) => ({
      id: p.id,
      thumbUrl: await signedGetUrl(p.thumbKey, CLAIM_LINK_SECONDS),
      url: await signedGetUrl(p.key, CLAIM_LINK_SECONDS),
    })),
  );
}
