import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { orgsInScope } from '../orgs/scope';
import { listActivitiesOfOrg } from '../tables/activities';
import { activityView } from './views';

export const handler = defineHandler(contract.listStaffActivities, async (_input, { principal }) => {
  const orgs = await orgsInScope(principal);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const activities = (await Promise.all(orgs.map((o) => listActivitiesOfOrg(o.id)))).flat();
  return {
    activities: activities.sort((a, b) => b.startsAt.localeCompare(a.startsAt)).map((a) => activityView(a, names.get(a.orgId) ?? '')),
  };
});
