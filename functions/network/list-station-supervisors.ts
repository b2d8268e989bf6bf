import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { stationSupervisorsPage } from '../tables/network';
import { getStation } from '../tables/stations';

export const SUPERVISORS_PAGE = 20;

/** A station's volunteer supervisors (masked names, 会员号), for staff of its org and above: one Query a page. */
export const handler = defineHandler(contract.listStationSupervisors, async ({ params, query }, { principal }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  await assertInScope(principal, station.orgId);
  return stationSupervisorsPage(station.id, SUPERVISORS_PAGE, query.cursor);
});
