import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf } from '../orgs/scope';
import { getOrgs } from '../tables/orgs';
import { listEventsPage } from '../tables/outreach';
import { eventView } from './views';

/**
 * A page (20) of the events of the acting org's subtree, latest start first: one Query on
 * byScope<d>, then the page's host org names (one BatchGet).
 */
export const handler = defineHandler(contract.listEvents, async ({ query }, { principal }) => {
  const page = await listEventsPage(await actingOrgOf(principal), query.cursor);
  const names = new Map((await getOrgs([...new Set(page.events.map((e) => e.hostOrgId))])).map((o) => [o.id, o.name]));
  return { events: page.events.map((e) => eventView(e, names.get(e.hostOrgId) ?? '')), nextCursor: page.nextCursor };
});
