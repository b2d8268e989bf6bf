import { contract } from '../../shared/contract';
import { UNVERIFIED_DAYS } from '../../shared/schemas/network';
import { openStateAt } from '../../shared/station-hours';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getDue, isSupervisor } from '../tables/network';
import { getOrg, isWithin } from '../tables/orgs';
import { readStationLive, summarise } from '../tables/station-live';
import { getStation } from '../tables/stations';
import { galleryOf } from './station-photos';

/**
 * A station's detail. Staff who act for its org or one above it also get its photos WeChat's picture
 * check has not passed, marked (the editor shows them); everyone else gets neither those photos nor
 * their ids. With it, read at once: today's visits and recent live reports, the last inspection
 * (unverified when neither staff's 核实日期 nor an inspection is within UNVERIFIED_DAYS) and whether
 * the viewer supervises it.
 */
export const handler = defineHandler(contract.getStation, async ({ params }, { principal }) => {
  const found = await getStation(params.stationId);
  if (!found) throw notFound('找不到这个驿站');
  const now = new Date();
  const [org, liveItems, due, supervising] = await Promise.all([
    getOrg(found.orgId),
    readStationLive(found, now),
    getDue(found.id),
    isSupervisor(principal.userId, found.id),
  ]);
  const staffView = principal.role !== 'worker' && !!principal.actingOrgId && org !== null && isWithin(org, principal.actingOrgId);
  const { heldPhotoIds, refusedPhotoIds, ...rest } = found;
  const station = staffView
    ? found
    : { ...rest, photoIds: found.photoIds.filter((id) => !heldPhotoIds?.includes(id) && !refusedPhotoIds?.includes(id)) };
  const since = now.getTime() - UNVERIFIED_DAYS * 24 * 3600_000;
  // 核实日期 is a Beijing date: verified until the end of that day
  const verifiedAt = found.verifiedOn ? Date.parse(`${found.verifiedOn}T00:00:00+08:00`) + 24 * 3600_000 : NaN;
  const inspectedAt = due?.lastInspectedAt ? Date.parse(due.lastInspectedAt) : NaN;
  return {
    station,
    openState: openStateAt(station.hours, station.status, now),
    orgName: org?.name ?? '',
    gallery: await galleryOf(found, { staffView }),
    live: summarise(liveItems, now),
    verification: {
      ...(due?.lastInspectedAt ? { lastInspectedAt: due.lastInspectedAt } : {}),
      ...(due?.lastScore !== undefined ? { lastScore: due.lastScore } : {}),
      unverified: !(verifiedAt >= since || inspectedAt >= since),
    },
    supervising,
  };
});
