import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf, orgsInScope } from '../orgs/scope';
import { listStationsOfOrg } from '../tables/stations';
import { stationsToCsv } from './station-csv';
import { beijingDate } from '../../shared/beijing-time';

export const handler = defineHandler(contract.exportStations, async (_input, { principal }) => {
  const actingOrg = await actingOrgOf(principal);
  const stations = (await Promise.all((await orgsInScope(principal)).map((o) => listStationsOfOrg(o.id)))).flat();
  return { filename: `stations-${actingOrg.id}-${beijingDate(new Date())}.csv`, csv: stationsToCsv(stations) };
});
