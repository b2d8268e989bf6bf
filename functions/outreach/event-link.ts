import type { Principal } from '../lib/auth/session-token';
import { DomainError } from '../lib/errors';
import { assertInScope } from '../orgs/scope';
import { getEvent, type EventRecord } from '../tables/outreach';

/**
 * The outreach event a join code or an activity names (`eventId`), checked: it exists and its host
 * org is the caller's org or one below it. 404 / 403 with a Chinese message on the field otherwise.
 */
export async function linkableEvent(principal: Principal, eventId: string): Promise<EventRecord> {
  const event = await getEvent(eventId);
  if (!event) {
    const message = '找不到这场沟通会，请重新选择';
    throw new DomainError('not_found', message, { eventId: [message] });
  }
  const hostOrg = await assertInScope(principal, event.hostOrgId).catch(() => null);
  if (!hostOrg) {
    const message = '只能关联本组织及下级组织的沟通会';
    throw new DomainError('forbidden', message, { eventId: [message] });
  }
  return event;
}
