import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf } from '../orgs/scope';
import { staffStationsPage } from '../tables/stations';

export const STAFF_STATIONS_PAGE = 50;

/** The stations of the staff member's subtree by name, a page at a time: one Query a page. */
export const handler = defineHandler(contract.listStaffStations, async ({ query }, { principal }) => {
  const org = await actingOrgOf(principal);
  return staffStationsPage(org, STAFF_STATIONS_PAGE, query.cursor);
});
