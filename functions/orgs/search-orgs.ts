import { contract } from '../../shared/contract';
import { forbidden } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { CITY_SCOPE, getOrg, searchByName } from '../tables/orgs';

/**
 * Orgs whose name starts with `q`, one page (≤ 20) from one Query on byName. Staff and admins acting
 * for a district or below search their district; admins of the city (and workers, who browse the
 * public directory) choose a district with `district`, or search the city union and the districts.
 */
export const handler = defineHandler(contract.searchOrgs, async ({ query }, { principal }) => {
  let scope = query.district ?? CITY_SCOPE;
  if (principal.role !== 'worker' && principal.actingOrgId) {
    const acting = await getOrg(principal.actingOrgId);
    const district = acting && acting.path.length >= 2 ? acting.path[1]! : null;
    if (district) {
      if (query.district && query.district !== district) throw forbidden('只能查找本区的组织');
      scope = district;
    }
  }
  return searchByName(scope, query.q, query.cursor);
});
