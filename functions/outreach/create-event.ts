import { contract } from '../../shared/contract';
import { eventKindLabel } from '../../shared/schemas/outreach';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { createEvent, eventIdFor, servicesOf } from '../tables/outreach';
import { eventView } from './views';

/**
 * Staff create an outreach event (沟通会) for their org or one below it. The id comes from the
 * person and the app's request id: a double tap, a retry or ten requests at once make one event,
 * counted once in the stats of its host org and every ancestor (same transaction).
 */
export const handler = defineHandler(contract.createEvent, async ({ body }, { principal, log }) => {
  const org = await assertInScope(principal, body.hostOrgId);
  const now = new Date().toISOString();
  const { clientRequestId, services, ...fields } = body;
  const result = await createEvent(
    {
      ...fields,
      id: eventIdFor(principal.userId, clientRequestId),
      hostOrgId: org.id,
      services: servicesOf(services),
      status: 'planned',
      createdAt: now,
      updatedAt: now,
      createdBy: principal.userId,
    },
    org.path,
  );
  if (result.created) {
    log.info('outreach event created', { eventId: result.event.id, orgId: org.id });
    await recordAudit({
      principal,
      org,
      kind: 'event.create',
      object: { type: 'event', id: result.event.id, label: result.event.name },
      summary: `新建${eventKindLabel[result.event.kind]}「${result.event.name}」`,
    });
  }
  return { event: eventView(result.event, org.name), created: result.created };
});
