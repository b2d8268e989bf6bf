import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { orgsInScope } from '../orgs/scope';
import { listReports } from '../tables/feedback';

/** The problem reports of every org the staff member acts for, newest first. */
export const handler = defineHandler(contract.listStaffReports, async ({ query }, { principal }) => {
  const orgs = await orgsInScope(principal);
  const reports = (await Promise.all(orgs.map((o) => listReports(o.id, query.status)))).flat();
  return { reports: reports.sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
});
