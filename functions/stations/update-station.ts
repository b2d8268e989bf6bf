import { contract } from '../../shared/contract';
import { conflict, notFound } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getStation, updateStationFields } from '../tables/stations';

/**
 * Staff may edit stations of their org subtree, and move them only within it. Uploaded photos are
 * not part of the form: they keep whatever the photo routes have made of them meanwhile.
 */
export const handler = defineHandler(contract.updateStation, async ({ params, body }, { principal, log }) => {
  const existing = await getStation(params.stationId);
  if (!existing) throw notFound('找不到这个驿站');
  const from = await assertInScope(principal, existing.orgId);
  const org = body.orgId !== existing.orgId ? await assertInScope(principal, body.orgId) : from;
  const station = { ...body, photoIds: existing.photoIds, id: existing.id, demo: existing.demo, updatedAt: new Date().toISOString() };
  // a move takes the station's count from the old org path to the new one, in the same transaction
  const written = await updateStationFields(station, org.path, { orgId: existing.orgId, path: from.path });
  if (written === 'gone') throw notFound('找不到这个驿站');
  if (written === 'changed') throw conflict('这个驿站刚被移到其他组织，请刷新后重试');
  log.info('station updated', { stationId: station.id, status: station.status });
  await recordAudit({
    principal,
    org,
    kind: 'station.update',
    object: { type: 'station', id: station.id, label: station.name },
    summary: `修改驿站「${station.name}」${org === from ? '' : `，从${from.name}移到${org.name}`}`,
  });
  return (await getStation(station.id)) ?? station;
});
