import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf } from '../orgs/scope';
import { reportsPage } from '../tables/feedback';

export const STAFF_REPORTS_PAGE = 20;

/** The problem reports of the staff member's subtree with one status, newest first: one Query a page. */
export const handler = defineHandler(contract.listStaffReports, async ({ query }, { principal }) => {
  const org = await actingOrgOf(principal);
  return reportsPage(org, query.status, STAFF_REPORTS_PAGE, query.cursor);
});
