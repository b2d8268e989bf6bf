import { contract } from '../../shared/contract';
import { distanceMeters, formatDistance, toGcj02 } from '../../shared/geo';
import { INSPECTION_RADIUS_METERS } from '../../shared/schemas/network';
import { DomainError, forbidden, notFound } from '../lib/errors';
import { acceptEvidence, dropEvidence, dropUploads } from '../lib/evidence-photos';
import { defineHandler } from '../lib/http/handler';
import { getReports, type StoredReport } from '../tables/feedback';
import { getInspection, getSupervisor, inspectionIdFor, recordInspection, taskIdFor, type InspectionRecord } from '../tables/network';
import { getOrg } from '../tables/orgs';
import { getStation } from '../tables/stations';
import { inspectionView, NOT_SUPERVISOR } from './inspection-view';

/** "您距离驿站约 5.0 公里，须在驿站 200 米内提交检查" */
export const tooFarMessage = (meters: number) =>
  `您距离驿站约 ${formatDistance(meters)}，须在驿站 ${INSPECTION_RADIUS_METERS} 米内提交检查`;

/**
 * A volunteer supervisor submits an inspection on site (docs/station-network.md, "Inspection"):
 * assigned to the station (else 403), within 200 m of it (GCJ-02; else 400 with the distance), each
 * photo checked and stored (a bad one refuses the whole inspection, beside its item). Then ONE
 * transaction: the inspection, its marker, the station's due and best items, the supervisor's item,
 * one task (problem report) per failed item in the station org's queue, and the counters. The id
 * comes from the supervisor and the app's request id: a retry answers the first inspection.
 */
export const handler = defineHandler(contract.submitInspection, async ({ params, body }, { principal, log }) => {
  const id = inspectionIdFor(principal.userId, body.clientRequestId);
  const earlier = await getInspection(id);
  if (earlier) return answer(earlier);

  let station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  const supervisor = await getSupervisor(principal.userId, station.id);
  if (!supervisor) throw forbidden(NOT_SUPERVISOR);

  const at = toGcj02(body.position.lat, body.position.lng, body.position.coord);
  const distance = Math.round(distanceMeters(at, station.location));
  if (distance > INSPECTION_RADIUS_METERS) {
    const message = tooFarMessage(distance);
    throw new DomainError('bad_request', message, { position: [message] });
  }

  // photos: checked and stored under evidence/<id>/; their uploads stay until the inspection is written
  const photoKeys: string[][] = [];
  const stored: string[] = [];
  try {
    for (const [i, item] of body.items.entries()) {
      const keys: string[] = [];
      for (const [j, uploadId] of item.photos.entries()) {
        // a refusal names the photo (items.3.photos.1): the app marks that one tile
        const key = await acceptEvidence(principal.userId, uploadId, `evidence/${id}/`, `items.${i}.photos.${j}`);
        keys.push(key);
        stored.push(key); // at once: a later photo of the same item may fail
      }
      photoKeys.push(keys);
    }
  } catch (error) {
    // A retry that ran while the first submit was still storing its photos: the first wrote the
    // inspection and deleted the uploads this one was about to read. The inspection is answered and
    // nothing is deleted (these photos are its photos).
    const recorded = await getInspection(id);
    if (recorded) return answer(recorded);
    await dropEvidence(stored); // sent again as it was, they are checked again from their uploads
    throw error;
  }
  const uploads = body.items.flatMap((it) => it.photos);

  const judged = body.items.filter((it) => it.result !== 'na');
  const passed = judged.filter((it) => it.result === 'pass').length;
  const failed = judged.length - passed;
  const submittedAt = new Date().toISOString();
  for (let attempt = 0; attempt < 3; attempt++) {
    const org = await getOrg(station.orgId);
    if (!org) throw notFound('找不到这个驿站所属的工会');
    const inspection: InspectionRecord = {
      id,
      stationId: station.id,
      stationName: station.name,
      orgId: station.orgId,
      supervisorId: principal.userId,
      supervisorName: supervisor.name,
      submittedAt,
      distanceMeters: distance,
      score: Math.round((100 * passed) / (passed + failed)),
      failed,
      items: body.items.map((it, i) => ({
        item: it.item,
        result: it.result,
        ...(it.note ? { note: it.note } : {}),
        photoKeys: photoKeys[i]!,
        ...(it.result === 'fail' ? { taskId: taskIdFor(id, it.item) } : {}),
      })),
    };
    const tasks: StoredReport[] = inspection.items
      .filter((it) => it.result === 'fail')
      .map((it) => ({
        id: it.taskId!,
        stationId: station!.id,
        stationName: station!.name,
        orgId: station!.orgId,
        type: 'inspection-failed',
        ...(it.note ? { note: it.note } : {}),
        status: 'open',
        reporterName: supervisor.name,
        createdAt: submittedAt,
        source: 'inspection',
        inspectionId: id,
        item: it.item,
        ...(it.photoKeys.length ? { photoKeys: it.photoKeys } : {}),
      }));
    const outcome = await recordInspection(inspection, station, org.path, tasks);
    if ('notSupervisor' in outcome) {
      await dropEvidence(stored);
      throw forbidden(NOT_SUPERVISOR);
    }
    if ('moved' in outcome) {
      station = await getStation(station.id);
      if (!station) throw notFound('找不到这个驿站');
      continue;
    }
    await dropUploads(principal.userId, uploads);
    if ('existing' in outcome) return answer(outcome.existing);
    log.info('inspection recorded', { inspectionId: id, stationId: station.id, score: inspection.score, failed, photos: stored.length });
    return inspectionView(inspection, new Map(tasks.map((t) => [t.id, t])));
  }
  throw new DomainError('conflict', '这个驿站刚被移到其他组织，请稍后重试');
});

/** An inspection recorded before (a retried submit), with its tasks as they stand. */
async function answer(inspection: InspectionRecord) {
  const taskIds = inspection.items.flatMap((it) => (it.taskId ? [it.taskId] : []));
  return inspectionView(inspection, taskIds.length ? await getReports(taskIds) : new Map());
}
