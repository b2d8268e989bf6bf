import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { orgsInScope } from '../orgs/scope';
import { listStationsOfOrg } from '../tables/stations';

export const handler = defineHandler(contract.listStaffStations, async (_input, { principal }) => {
  const orgs = await orgsInScope(principal);
  const stations = (await Promise.all(orgs.map((o) => listStationsOfOrg(o.id)))).flat();
  return { stations: stations.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) };
});
