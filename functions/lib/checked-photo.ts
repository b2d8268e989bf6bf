import { MAX_PHOTO_BYTES, PHOTO_TOO_LARGE, PHOTO_WRONG_TYPE } from '../../shared/schemas/station-photo';
import { detectPhotoType, makePhotoJpegs } from '../stations/photo-image';
import { DomainError } from './errors';
import { deleteObjects, objectSize, readObject, writeObject } from './s3';

/**
 * A phone's upload turned into a stored photo, as evidence photos and claim pages are (S3's policy
 * limits type and size, the local store does not, a phone can lie): its size, JPEG/PNG by its first
 * bytes, and that it decodes; stored upright without EXIF (no phone position, no camera) with a
 * thumbnail, the photo written after its thumbnail (when it is there, both are). A refused upload is
 * deleted and the refusal is a 400 beside `field`. A photo stored already (a retry) is answered
 * without reading the upload; the upload itself is left for the caller to drop once it is used.
 */
export async function storeCheckedPhoto(opts: {
  upload: string;
  photoKey: string;
  thumbKey: string;
  field: string;
  notFound: string;
  unreadable: string;
}): Promise<void> {
  const { upload, photoKey, thumbKey, field } = opts;
  if ((await objectSize(photoKey)) !== null) return;
  const refused = (message: string) => new DomainError('bad_request', message, { [field]: [message] });
  const size = await objectSize(upload);
  if (size === null) throw refused(opts.notFound);
  const refuse = async (message: string) => {
    await deleteObjects([upload]);
    return refused(message);
  };
  if (size < 1 || size > MAX_PHOTO_BYTES) throw await refuse(PHOTO_TOO_LARGE);
  const bytes = await readObject(upload);
  if (!bytes) throw refused(opts.notFound);
  if (bytes.length > MAX_PHOTO_BYTES) throw await refuse(PHOTO_TOO_LARGE);
  const type = detectPhotoType(bytes);
  if (!type) throw await refuse(PHOTO_WRONG_TYPE);
  let jpegs: ReturnType<typeof makePhotoJpegs>;
  try {
    jpegs = makePhotoJpegs(bytes, type);
  } catch {
    throw await refuse(opts.unreadable);
  }
  await writeObject(thumbKey, jpegs.thumb, 'image/jpeg');
  await writeObject(photoKey, jpegs.photo, 'image/jpeg');
}
