import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf } from '../orgs/scope';
import { staffActivitiesPage } from '../tables/activities';
import { getOrgs } from '../tables/orgs';
import { activityView } from './views';

export const STAFF_ACTIVITIES_PAGE = 20;

/**
 * The activities of the staff member's whole subtree, a page at a time (one Query on the scope
 * index, whatever the subtree's size): not ended first, ending soonest first; then ended ones.
 */
export const handler = defineHandler(contract.listStaffActivities, async ({ query }, { principal }) => {
  const org = await actingOrgOf(principal);
  const page = await staffActivitiesPage(org, STAFF_ACTIVITIES_PAGE, query.cursor, new Date());
  const names = new Map((await getOrgs([...new Set(page.activities.map((a) => a.orgId))])).map((o) => [o.id, o.name]));
  return { activities: page.activities.map((a) => activityView(a, names.get(a.orgId) ?? '')), nextCursor: page.nextCursor };
});
