import { contract } from '../../shared/contract';
import { conflict } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getStation, newStation, putStation, stationIdFor } from '../tables/stations';

export const handler = defineHandler(contract.createStation, async ({ body }, { principal, log }) => {
  const org = await assertInScope(principal, body.orgId);
  const id = stationIdFor(body.orgId, body.externalId);
  if (body.externalId && (await getStation(id))) throw conflict('这个外部编号的驿站已存在，请直接修改它');
  const station = newStation(body, id, new Date());
  // counted on the org path in the same transaction; an id taken meanwhile writes and counts nothing
  if (!(await putStation(station, org.path))) throw conflict('这个外部编号的驿站已存在，请直接修改它');
  log.info('station created', { stationId: id, orgId: body.orgId });
  await recordAudit({
    principal,
    org,
    kind: 'station.create',
    object: { type: 'station', id, label: station.name },
    summary: `新建驿站「${station.name}」`,
  });
  return station;
});
