import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { quarterStart, supervisionPage } from '../tables/network';

export const SUPERVISION_PAGE = 20;

/**
 * 我监督的驿站: the caller's stations as a volunteer supervisor, each as it is now (name, address,
 * location read from the station, not the appointment's copy), with its last inspection and whether
 * it is due (not inspected this Beijing quarter): one Query and one BatchGet (due items and stations) a page.
 */
export const handler = defineHandler(contract.listMySupervision, async ({ query }, { principal }) => {
  const page = await supervisionPage(principal.userId, SUPERVISION_PAGE, query.cursor);
  const since = quarterStart();
  return {
    stations: page.stations.map((s) => ({
      stationId: s.stationId,
      name: s.name,
      address: s.address,
      location: s.location,
      ...(s.lastInspectedAt ? { lastInspectedAt: s.lastInspectedAt } : {}),
      ...(s.lastScore !== undefined ? { lastScore: s.lastScore } : {}),
      due: !s.lastInspectedAt || s.lastInspectedAt < since,
    })),
    nextCursor: page.nextCursor,
  };
});
