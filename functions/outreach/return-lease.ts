import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getEvent } from '../tables/outreach';
import { returnLease } from '../tables/stall';

/**
 * A stall device gives its unused places of a service back to the pool (after its queue synced) and
 * ends its lease. No lease: nothing to give back (a retry after the first return answers 0).
 */
export const handler = defineHandler(contract.returnLease, async ({ body }, { principal }) => {
  const event = await getEvent(body.eventId);
  if (!event) throw notFound('找不到这场沟通会');
  const org = await assertInScope(principal, event.hostOrgId);
  let returned: number | null;
  try {
    returned = await returnLease(event.id, body.deviceId, body.service);
  } catch (error) {
    if ((error as Error).name === 'LeaseBusy') throw conflict('名额正被同时调整，请稍后重试');
    throw error;
  }
  if (returned !== null) {
    const name = event.services.find((s) => s.key === body.service)?.name ?? '其他服务';
    await recordAudit({
      principal,
      org,
      kind: 'stall.lease',
      object: { type: 'event', id: event.id, label: event.name },
      summary: `摊位设备归还「${name}」预留名额 ${returned} 个`,
    });
  }
  return { returned: returned ?? 0 };
});
