import { contract } from '../../shared/contract';
import { openStateAt } from '../../shared/station-hours';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrg, isWithin } from '../tables/orgs';
import { getStation } from '../tables/stations';
import { galleryOf } from './station-photos';

/**
 * A station's detail. Staff who act for its org or one above it also get its photos WeChat's picture
 * check has not passed, marked (the editor shows them); everyone else gets neither those photos nor
 * their ids.
 */
export const handler = defineHandler(contract.getStation, async ({ params }, { principal }) => {
  const found = await getStation(params.stationId);
  if (!found) throw notFound('找不到这个驿站');
  const org = await getOrg(found.orgId);
  const staffView = principal.role !== 'worker' && !!principal.actingOrgId && org !== null && isWithin(org, principal.actingOrgId);
  const { heldPhotoIds, refusedPhotoIds, ...rest } = found;
  const station = staffView
    ? found
    : { ...rest, photoIds: found.photoIds.filter((id) => !heldPhotoIds?.includes(id) && !refusedPhotoIds?.includes(id)) };
  return {
    station,
    openState: openStateAt(station.hours, station.status, new Date()),
    orgName: org?.name ?? '',
    gallery: await galleryOf(found, { staffView }),
  };
});
