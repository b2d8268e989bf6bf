import { contract } from '../../shared/contract';
import { conflict } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getStation, newStation, putStation, stationIdFor } from '../tables/stations';

export const handler = defineHandler(contract.createStation, async ({ body }, { principal, log }) => {
  await assertInScope(principal, body.orgId);
  const id = stationIdFor(body.orgId, body.externalId);
  if (body.externalId && (await getStation(id))) throw conflict('这个外部编号的驿站已存在，请直接修改它');
  const station = newStation(body, id, new Date());
  await putStation(station);
  log.info('station created', { stationId: id, orgId: body.orgId });
  return station;
});
