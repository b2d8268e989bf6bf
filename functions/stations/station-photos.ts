import type { Station } from '../../shared/schemas/station';
import { photoCheckNotice, type PhotoView } from '../../shared/schemas/station-photo';
import { signedGetUrl } from '../lib/s3';

/**
 * Where a station's photos live in the photos bucket (private; grants cover `stations/*` only):
 *   stations/uploads/<stationId>/<uploadId>        what the phone posted, deleted once checked (expires after a day)
 *   stations/<stationId>/photos/<photoId>.jpg      the photo, upright, ≤ 1600 px, no EXIF
 *   stations/<stationId>/photos/<photoId>-thumb.jpg
 * A photo keeps its upload's id, so a retried add finds it already there.
 */
export const uploadKey = (stationId: string, uploadId: string) => `stations/uploads/${stationId}/${uploadId}`;
export const photoKey = (stationId: string, photoId: string) => `stations/${stationId}/photos/${photoId}.jpg`;
export const thumbKey = (stationId: string, photoId: string) => `stations/${stationId}/photos/${photoId}-thumb.jpg`;

/** How long a link to a photo works: long enough to look at a station, short enough not to be shared around. */
export const PHOTO_LINK_SECONDS = 60 * 60;

/** A photo's state in WeChat's picture check: undefined once passed (docs/privacy-and-content.md, "Photos"). */
export function photoCheckOf(station: Pick<Station, 'heldPhotoIds' | 'refusedPhotoIds'>, id: string): PhotoView['contentCheck'] {
  if (station.refusedPhotoIds?.includes(id)) return 'refused';
  if (station.heldPhotoIds?.includes(id)) return 'pending';
  return undefined;
}

/**
 * Uploaded photos (signed links to the private bucket) first, then photos linked by URL. A photo
 * WeChat's picture check has not passed is left out, or, in the station staff's view (`staffView`),
 * listed marked with what it means.
 */
export async function galleryOf(
  station: Pick<Station, 'id' | 'photoIds' | 'photos' | 'heldPhotoIds' | 'refusedPhotoIds'>,
  opts: { staffView: boolean },
): Promise<PhotoView[]> {
  const shown = station.photoIds.filter((id) => opts.staffView || !photoCheckOf(station, id));
  const uploaded = await Promise.all(
    shown.map(async (id) => {
      const contentCheck = photoCheckOf(station, id);
      return {
        id,
        thumbUrl: await signedGetUrl(thumbKey(station.id, id), PHOTO_LINK_SECONDS),
        url: await signedGetUrl(photoKey(station.id, id), PHOTO_LINK_SECONDS),
        ...(contentCheck ? { contentCheck, notice: photoCheckNotice[contentCheck] } : {}),
      };
    }),
  );
  return [...uploaded, ...station.photos.map((url) => ({ thumbUrl: url, url }))];
}
