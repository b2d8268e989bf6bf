import { contract } from '../../shared/contract';
import { eventKindLabel } from '../../shared/schemas/outreach';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getEvent, updateEvent } from '../tables/outreach';
import { eventView } from './views';

const TRIES = 5;

/**
 * Staff edit an event of their subtree (not its host org). An edit that changes the kind or the
 * Beijing day moves its count in the stats; edits at the same moment are applied one after the
 * other (each re-reads the event), 409 only when they keep colliding.
 */
export const handler = defineHandler(contract.updateEvent, async ({ params, body }, { principal }) => {
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const event = await getEvent(params.eventId, attempt > 0);
    if (!event) throw notFound('找不到这场沟通会');
    const org = await assertInScope(principal, event.hostOrgId);
    const result = await updateEvent(event, body, org.path);
    if ('missing' in result) throw notFound('找不到这场沟通会');
    if ('updated' in result) {
      await recordAudit({
        principal,
        org,
        kind: 'event.update',
        object: { type: 'event', id: event.id, label: result.updated.name },
        summary: `修改${eventKindLabel[result.updated.kind]}「${result.updated.name}」`,
      });
      return eventView(result.updated, org.name);
    }
  }
  throw conflict('沟通会正被同时修改，请稍后重试');
});
