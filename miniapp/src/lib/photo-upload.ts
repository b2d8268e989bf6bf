import Taro from '@tarojs/taro';

/**
 * Photos from the phone, sent straight to object storage with a presigned POST. The one place that
 * picks files and uploads them: weapp has chooseMedia + uploadFile; on H5 Taro's chooseMedia opens
 * the browser's file picker and gives the File, which goes up in a multipart form (policy fields
 * first, the file last, as S3 requires) with progress from XMLHttpRequest.
 */
export interface PickedPhoto {
  /** a temporary path (weapp) or blob: URL (H5) to show it before it is uploaded */
  path: string;
  size: number;
  /** image/jpeg or image/png when known from the file; null for anything else */
  contentType: string | null;
  file?: File;
}

const typeOf = (mime: string | undefined, path: string): string | null => {
  if (mime === 'image/jpeg' || mime === 'image/png') return mime;
  if (mime && mime.includes('/')) return null;
  if (/\.(jpe?g)$/i.test(path)) return 'image/jpeg';
  if (/\.png$/i.test(path)) return 'image/png';
  return null;
};

/** Lets the person choose up to `count` photos (camera or album); [] when they cancel. */
export async function pickPhotos(count: number): Promise<PickedPhoto[]> {
  try {
    const reply = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
    const files = (reply?.tempFiles ?? []) as { tempFilePath: string; size: number; fileType?: string; originalFileObj?: File }[];
    return files.map((f) => ({
      path: f.tempFilePath,
      size: f.originalFileObj?.size ?? f.size,
      contentType: typeOf(f.originalFileObj?.type, f.originalFileObj?.name ?? f.tempFilePath),
      file: f.originalFileObj,
    }));
  } catch {
    return []; // cancelled
  }
}

export interface UploadTarget {
  url: string;
  fields: Record<string, string>;
}

/** Posts one photo to a presigned POST target; `onProgress` gets 0-100. Rejects with a Chinese message. */
export function uploadPhoto(target: UploadTarget, photo: PickedPhoto, onProgress: (percent: number) => void): Promise<void> {
  const failed = (status?: number) =>
    new Error(status === 400 || status === 403 ? '照片不符合要求（格式或大小），未能上传' : '上传失败，请检查网络后重试');
  if (process.env.TARO_ENV === 'weapp' || !photo.file) {
    return new Promise((resolve, reject) => {
      const task = Taro.uploadFile({
        url: target.url,
        filePath: photo.path,
        name: 'file',
        formData: target.fields,
        success: (r) => (r.statusCode >= 200 && r.statusCode < 300 ? resolve() : reject(failed(r.statusCode))),
        fail: () => reject(failed()),
      });
      task?.onProgressUpdate?.((p) => onProgress(p.progress));
    });
  }
  const file = photo.file;
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', target.url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(failed(xhr.status)));
    xhr.onerror = () => reject(failed());
    xhr.send(form);
  });
}
