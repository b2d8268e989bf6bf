import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getSupervisor, removeSupervisor } from '../tables/network';
import { getStation } from '../tables/stations';

/**
 * Ends someone's supervision of a station (staff of its org and above). Removing again answers
 * `removed: false` and records nothing; their past inspections stay in the station's history.
 */
export const handler = defineHandler(contract.removeSupervisor, async ({ params }, { principal }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  const org = await assertInScope(principal, station.orgId);
  const supervisor = await getSupervisor(params.userId, station.id);
  const removed = supervisor ? await removeSupervisor(params.userId, station.id) : false;
  if (removed) {
    await recordAudit({
      principal,
      org,
      kind: 'supervisor.remove',
      object: { type: 'user', id: params.userId, label: supervisor!.name },
      summary: `取消 ${supervisor!.name} 对「${station.name}」的监督`,
    });
  }
  return { removed };
});
