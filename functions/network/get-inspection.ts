import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getReports } from '../tables/feedback';
import { getInspection } from '../tables/network';
import { getStation } from '../tables/stations';
import { assertMaySeeInspections, inspectionView } from './inspection-view';

/** One inspection with each failed item's task as it stands (one BatchGet of its reports). */
export const handler = defineHandler(contract.getInspection, async ({ params }, { principal }) => {
  const inspection = await getInspection(params.inspectionId);
  if (!inspection) throw notFound('找不到这次检查');
  const station = await getStation(inspection.stationId);
  await assertMaySeeInspections(principal, station ?? { id: inspection.stationId, orgId: inspection.orgId });
  const taskIds = inspection.items.flatMap((it) => (it.taskId ? [it.taskId] : []));
  return inspectionView(inspection, taskIds.length ? await getReports(taskIds) : new Map());
});
