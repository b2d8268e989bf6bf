import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { deleteObjects } from '../lib/s3';
import { assertInScope } from '../orgs/scope';
import { getStation, removePhotoId } from '../tables/stations';
import { galleryOf, photoKey, thumbKey } from './station-photos';

/** Takes a photo off the station, then deletes its files. Removing one already gone answers the same. */
export const handler = defineHandler(contract.removeStationPhoto, async ({ params }, { principal, log }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  const org = await assertInScope(principal, station.orgId);
  const had = station.photoIds.includes(params.photoId);
  const after = await removePhotoId(station.id, params.photoId, new Date());
  if (!after) throw notFound('找不到这个驿站');
  await deleteObjects([photoKey(station.id, params.photoId), thumbKey(station.id, params.photoId)]);
  log.info('photo removed', { stationId: station.id, photoId: params.photoId, had });
  if (had) {
    await recordAudit({
      principal,
      org,
      kind: 'station.photo.remove',
      object: { type: 'station', id: station.id, label: station.name },
      summary: `删除驿站「${station.name}」的一张照片`,
    });
  }
  return { photos: await galleryOf(after, { staffView: true }) };
});
