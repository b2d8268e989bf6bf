import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { inspectionsPage } from '../tables/network';
import { getStation } from '../tables/stations';
import { assertMaySeeInspections, inspectionView } from './inspection-view';

export const INSPECTIONS_PAGE = 10;

/** A station's inspection history, newest first (its supervisors and its staff): one Query a page. Tasks' progress: GET /inspections/{id}. */
export const handler = defineHandler(contract.listStationInspections, async ({ params, query }, { principal }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  await assertMaySeeInspections(principal, station);
  const page = await inspectionsPage(station.id, INSPECTIONS_PAGE, query.cursor);
  return { inspections: await Promise.all(page.inspections.map((i) => inspectionView(i))), nextCursor: page.nextCursor };
});
