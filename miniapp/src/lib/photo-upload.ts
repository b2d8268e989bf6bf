import Taro from '@tarojs/taro';

/**
 * Photos from the phone, sent straight to object storage with a presigned POST. The one place that
 * picks files and uploads them: weapp has chooseMedia + uploadFile; on H5 the browser's file picker
 * gives the File, which goes up in a multipart form (policy fields first, the file last, as S3
 * requires) with progress from XMLHttpRequest.
 */
export interface PickedPhoto {
  /** a temporary path (weapp) or blob: URL (H5) to show it before it is uploaded */
  path: string;
  size: number;
  /** image/jpeg or image/png when the file is one (H5: from its first bytes); null for anything else */
  contentType: 'image/jpeg' | 'image/png' | null;
  file?: File;
}

/** weapp: the album gives decoded photos, named by their format */
const typeOfPath = (path: string): PickedPhoto['contentType'] =>
  /\.(jpe?g)$/i.test(path) ? 'image/jpeg' : /\.png$/i.test(path) ? 'image/png' : null;

/** JPEG and PNG by their first bytes: a file's name and the type the browser guesses from it can lie. */
export function sniffPhotoType(head: Uint8Array): 'image/jpeg' | 'image/png' | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return png.every((byte, i) => head[i] === byte) ? 'image/png' : null;
}

const headOf = (file: File) =>
  new Promise<Uint8Array>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => resolve(new Uint8Array());
    reader.readAsArrayBuffer(file.slice(0, 8));
  });

/**
 * H5: the browser's file picker, every chosen file kept. Taro's H5 chooseMedia drops a file the
 * browser can't decode (a text file renamed .jpg) without a word, so the person saw nothing at all;
 * here such a file comes back with contentType null and the editor says why it can't go up.
 */
function pickFilesH5(count: number): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.multiple = count > 1;
    input.style.display = 'none';
    input.onchange = () => (resolve(Array.from(input.files ?? [])), input.remove());
    input.addEventListener('cancel', () => (input.remove(), resolve([])));
    document.body.appendChild(input);
    input.click();
  });
}

const isCancel = (e: unknown) => /cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? ''));

/**
 * Lets the person choose up to `count` photos (camera or album); [] when they cancel. Every chosen
 * file comes back, even one that is not a JPG or PNG (contentType null), so it can be shown as
 * refused. Rejects with a Chinese message when the phone could not give the photos at all.
 */
export async function pickPhotos(count: number): Promise<PickedPhoto[]> {
  if (process.env.TARO_ENV !== 'weapp') {
    const files = (await pickFilesH5(count)).slice(0, count);
    return Promise.all(
      files.map(async (file) => ({
        path: URL.createObjectURL(file),
        size: file.size,
        contentType: sniffPhotoType(await headOf(file)),
        file,
      })),
    );
  }
  try {
    const reply = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
    const files = (reply?.tempFiles ?? []) as { tempFilePath: string; size: number; fileType?: string }[];
    return files.map((f) => ({ path: f.tempFilePath, size: f.size, contentType: typeOfPath(f.tempFilePath) }));
  } catch (e) {
    if (isCancel(e)) return [];
    throw new Error('没能读取所选的照片，请换一张 JPG 或 PNG 照片再试', { cause: e });
  }
}

/** The storage refused the photo itself (format or size): sending it again would fail the same way. */
export class PhotoRefused extends Error {}

export interface UploadTarget {
  url: string;
  fields: Record<string, string>;
}

/** Posts one photo to a presigned POST target; `onProgress` gets 0-100. Rejects with a Chinese message. */
export function uploadPhoto(target: UploadTarget, photo: PickedPhoto, onProgress: (percent: number) => void): Promise<void> {
  const failed = (status?: number) =>
    status === 400 || status === 403 ? new PhotoRefused('照片不符合要求（格式或大小），未能上传') : new Error('上传失败，请检查网络后重试');
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
