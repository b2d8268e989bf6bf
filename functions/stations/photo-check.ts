import { createLogger } from '../lib/log';
import { readObject } from '../lib/s3';
import { WechatUnavailable } from '../lib/wechat/access-token';
import { checkImage } from '../lib/wechat/content-check';
import { dropPhotoCheck, pendingPhotoChecks, settlePhotoCheck } from '../tables/photo-checks';
import { checkJpegOfStoredPhoto } from './photo-image';
import { photoKey } from './station-photos';

/** How many held photos one sweep asks WeChat about (each: an S3 read, a decode, a call, a transaction). */
export const RECHECK_PHOTO_BATCH = 10;

/** WeChat's picture-check errcodes that say "not now" (system busy, rate limit): the photo is asked about again. */
const TRANSIENT_ERRCODES = new Set([-1, 45009]);
const IMAGE_CHECK_PATH = '/wxa/img_sec_check';

/**
 * Whether WeChat may answer later (stop the sweep until next minute): unreachable, timed out, an HTTP
 * error or a reply that is not JSON, the access token not to be had, or -1/45009. Any other errcode
 * from the picture check itself (40006 picture too large, …) is about this photo only.
 */
function isTransient(error: WechatUnavailable): boolean {
  if (error.path !== IMAGE_CHECK_PATH) return true; // the access token (stable_token) could not be had
  const reason = error.message.slice(`WeChat ${error.path}: `.length);
  const errcode = /^errcode (-?\d+)$/.exec(reason);
  if (errcode) return TRANSIENT_ERRCODES.has(Number(errcode[1]));
  return /^(timed out|unreachable|HTTP \d+|not JSON)$/.test(reason);
}

/**
 * Scheduled every minute (and run by `npm start`): asks WeChat's picture check again about station
 * photos it gave no verdict for when they were added, oldest first; stops at the first one WeChat
 * still does not answer (busy, rate-limited, unreachable: isTransient), until next minute. A photo
 * WeChat answers for but will not judge (another errcode, e.g. 40006) is refused, and the sweep goes
 * on. Passed → shown to everyone; refused → it stays on the station marked 未通过内容安全检查, seen
 * by its staff only (so they know which one), who delete it (the editor says so; removing deletes
 * its files). A photo removed meanwhile is forgotten. Never
 * shown to others before a pass.
 */
export async function recheckPhotos(log = createLogger({ job: 'recheckPhotos' })): Promise<{ settled: number; held: number }> {
  const pending = await pendingPhotoChecks(RECHECK_PHOTO_BATCH);
  let settled = 0;
  for (const check of pending) {
    try {
      const stored = await readObject(photoKey(check.stationId, check.photoId));
      if (!stored) {
        await dropPhotoCheck(check); // removed by staff meanwhile
        settled++;
        continue;
      }
      let verdict: 'pass' | 'risky';
      try {
        verdict = await checkImage(checkJpegOfStoredPhoto(stored));
      } catch (error) {
        if (!(error instanceof WechatUnavailable)) throw error;
        if (isTransient(error)) {
          log.warn('picture check still unavailable', { stationId: check.stationId, photoId: check.photoId, reason: error.message });
          break;
        }
        // WeChat answered but will not judge this picture (e.g. 40006): never shown unchecked, so refused
        // (the staff see it marked and delete it) rather than asked about again every minute ahead of the rest
        log.warn('picture check gave no verdict for this photo, refused', {
          stationId: check.stationId,
          photoId: check.photoId,
          reason: error.message,
        });
        verdict = 'risky';
      }
      const held = await settlePhotoCheck(check, verdict === 'pass');
      log.info('held photo checked', { stationId: check.stationId, photoId: check.photoId, verdict, stillOnStation: held });
      settled++;
    } catch (error) {
      // a conflicting write (staff removing it at this moment) or a broken file: next minute sorts it out
      log.error('picture recheck failed', { stationId: check.stationId, photoId: check.photoId, error: (error as Error).name });
    }
  }
  return { settled, held: pending.length - settled };
}

export const handler = async () => {
  await recheckPhotos();
};
