import { z } from 'zod';

/**
 * Station photos uploaded from a phone straight to object storage (a presigned POST). The limits
 * are here so the app can say so before uploading; the upload policy and the server enforce them.
 */
export const MAX_STATION_PHOTOS = 6;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** What a phone camera or screenshot gives; WebP/HEIC are refused (no thumbnail maker for them here). */
export const PhotoContentType = z.enum(['image/jpeg', 'image/png'], '只能上传 JPG 或 PNG 格式的照片');
export type PhotoContentType = z.infer<typeof PhotoContentType>;
export const PHOTO_TOO_LARGE = '照片不能超过 5 MB，请换一张或压缩后再传';
export const PHOTO_WRONG_TYPE = '只能上传 JPG 或 PNG 格式的照片';
/** WeChat's picture check refused the photo (imgSecCheck 87014). */
export const PHOTO_REFUSED = '这张照片未通过内容安全检查，不能展示，请换一张';
export const photoCheckNotice = {
  pending: '正在进行内容安全检查，通过后其他人才能看到',
  refused: '未通过内容安全检查，其他人看不到，请删除后换一张',
} as const;
export const PHOTOS_FULL = `每个驿站最多 ${MAX_STATION_PHOTOS} 张照片，请先删除一张`;

/** The one-use upload id the server hands out; the stored photo keeps it as its id. */
export const PhotoId = z.uuid('照片编号格式不正确');

export const NewPhotoUpload = z.strictObject({
  contentType: PhotoContentType,
  /** the file's size as the phone sees it; the server checks what arrives again */
  size: z.number('请提供照片大小').int('照片大小须为整数字节').min(1, '照片是空的').max(MAX_PHOTO_BYTES, PHOTO_TOO_LARGE),
});

/** A presigned POST: send `fields` then the file (as `file`, last) as multipart/form-data to `url`. */
export const PhotoUploadTicket = z.object({
  uploadId: PhotoId,
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  maxBytes: z.number().int(),
  expiresAt: z.string(),
});
export type PhotoUploadTicket = z.infer<typeof PhotoUploadTicket>;

export const AddPhoto = z.strictObject({ uploadId: PhotoId });

/** A photo as the app shows it: a small picture for strips and the full one on tap. */
export const PhotoView = z.object({
  /** an uploaded photo's id; absent for a photo linked by URL (from a CSV import) */
  id: z.string().optional(),
  thumbUrl: z.string(),
  url: z.string(),
  /**
   * Only in the station staff's view: WeChat's picture check has not answered yet (pending) or
   * refused the photo; others never see such a photo.
   */
  contentCheck: z.enum(['pending', 'refused']).optional(),
  /** with contentCheck: what it means, in Chinese */
  notice: z.string().optional(),
});
export type PhotoView = z.infer<typeof PhotoView>;

export const StationPhotos = z.object({ photos: z.array(PhotoView) });
