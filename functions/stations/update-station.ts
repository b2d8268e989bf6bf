import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getStation, putStation } from '../tables/stations';

/** Staff may edit stations of their org subtree, and move them only within it. */
export const handler = defineHandler(contract.updateStation, async ({ params, body }, { principal, log }) => {
  const existing = await getStation(params.stationId);
  if (!existing) throw notFound('找不到这个驿站');
  await assertInScope(principal, existing.orgId);
  if (body.orgId !== existing.orgId) await assertInScope(principal, body.orgId);
  const station = { ...body, id: existing.id, demo: existing.demo, updatedAt: new Date().toISOString() };
  await putStation(station);
  log.info('station updated', { stationId: station.id, status: station.status });
  return station;
});
