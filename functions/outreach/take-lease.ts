import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { conflict, DomainError, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getEvent } from '../tables/outreach';
import { takeLease } from '../tables/stall';

/**
 * A stall device holds places of a service to hand out offline (docs/outreach.md "Capacity offline:
 * leases"): topped up to `places` unused ones from what is free, possibly none; never beyond the
 * capacity, however many devices ask at once. The answer is the device's lease as it is now.
 */
export const handler = defineHandler(contract.takeLease, async ({ body }, { principal, log }) => {
  const event = await getEvent(body.eventId);
  if (!event) throw notFound('找不到这场沟通会');
  const org = await assertInScope(principal, event.hostOrgId);
  if (event.status === 'closed') throw conflict('沟通会已结束，不能再预留名额');
  const service = event.services.find((s) => s.key === body.service);
  if (!service) throw new DomainError('bad_request', '本沟通会没有这项服务', { service: ['本沟通会没有这项服务'] });
  if (service.capacity === undefined) throw conflict(`「${service.name}」不限名额，无需预留`);
  let taken;
  try {
    taken = await takeLease({
      eventId: event.id,
      deviceId: body.deviceId,
      service: service.key,
      capacity: service.capacity,
      wanted: body.places,
    });
  } catch (error) {
    if ((error as Error).name === 'LeaseBusy') throw conflict('名额正被同时调整，请稍后重试');
    throw error;
  }
  if (taken.granted > 0) {
    log.info('stall lease taken', { eventId: event.id, service: service.key, granted: taken.granted });
    await recordAudit({
      principal,
      org,
      kind: 'stall.lease',
      object: { type: 'event', id: event.id, label: event.name },
      summary: `为摊位设备预留「${service.name}」名额 ${taken.granted} 个`,
    });
  }
  return taken.lease;
});
