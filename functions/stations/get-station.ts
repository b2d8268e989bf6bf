import { contract } from '../../shared/contract';
import { openStateAt } from '../../shared/station-hours';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrg } from '../tables/orgs';
import { getStation } from '../tables/stations';
import { galleryOf } from './station-photos';

export const handler = defineHandler(contract.getStation, async ({ params }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  const org = await getOrg(station.orgId);
  return {
    station,
    openState: openStateAt(station.hours, station.status, new Date()),
    orgName: org?.name ?? '',
    gallery: await galleryOf(station),
  };
});
