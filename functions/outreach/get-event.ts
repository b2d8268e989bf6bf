import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getEvent } from '../tables/outreach';
import { eventView } from './views';

/** One event of the caller's subtree. */
export const handler = defineHandler(contract.getEvent, async ({ params }, { principal }) => {
  const event = await getEvent(params.eventId);
  if (!event) throw notFound('找不到这场沟通会');
  const org = await assertInScope(principal, event.hostOrgId);
  return eventView(event, org.name);
});
