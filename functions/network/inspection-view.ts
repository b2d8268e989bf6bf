import type { Inspection } from '../../shared/schemas/network';
import type { Station } from '../../shared/schemas/station';
import type { Principal } from '../lib/auth/session-token';
import { forbidden } from '../lib/errors';
import { evidenceLinks } from '../lib/evidence-photos';
import type { StoredReport } from '../tables/feedback';
import { isSupervisor, type InspectionRecord } from '../tables/network';
import { getOrg, isWithin } from '../tables/orgs';

export const NOT_SUPERVISOR = '您不是这个驿站的义务监督员';
export const INSPECTIONS_HIDDEN = '只有本驿站的义务监督员和所属工会的工作人员可以查看检查记录';

/**
 * An inspection as the API shows it: its photos as 1-hour signed links and, given its tasks (the
 * problem reports its failed items opened, read with one BatchGet), where each stands.
 */
export async function inspectionView(r: InspectionRecord, tasks?: ReadonlyMap<string, StoredReport>): Promise<Inspection> {
  return {
    id: r.id,
    stationId: r.stationId,
    stationName: r.stationName,
    orgId: r.orgId,
    supervisorName: r.supervisorName,
    submittedAt: r.submittedAt,
    distanceMeters: r.distanceMeters,
    score: r.score,
    failed: r.failed,
    items: await Promise.all(
      r.items.map(async (it) => {
        const task = it.taskId ? tasks?.get(it.taskId) : undefined;
        return {
          item: it.item,
          result: it.result,
          ...(it.note ? { note: it.note } : {}),
          photos: await evidenceLinks(it.photoKeys),
          ...(it.taskId ? { taskId: it.taskId } : {}),
          ...(task
            ? {
                task: {
                  status: task.status,
                  ...(task.resolvedAt ? { resolvedAt: task.resolvedAt } : {}),
                  ...(task.resolutionNote ? { resolutionNote: task.resolutionNote } : {}),
                  photos: await evidenceLinks(task.resolutionPhotoKeys ?? []),
                },
              }
            : {}),
        };
      }),
    ),
  };
}

/**
 * A station's inspections are for its volunteer supervisors and the staff of its org and the orgs
 * above it (the photos show the place, the notes what was wrong): anyone else is 403.
 */
export async function assertMaySeeInspections(principal: Principal, station: Pick<Station, 'id' | 'orgId'>): Promise<void> {
  if (principal.role !== 'worker' && principal.actingOrgId) {
    const org = await getOrg(station.orgId);
    if (org && isWithin(org, principal.actingOrgId)) return;
  }
  if (await isSupervisor(principal.userId, station.id)) return;
  throw forbidden(INSPECTIONS_HIDDEN);
}
