import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf } from '../orgs/scope';
import { overduePage } from '../tables/network';

export const OVERDUE_PAGE = 20;

/**
 * The stations of the staff member's subtree not inspected this Beijing quarter: those reported
 * closed twice in open hours first, then never inspected, then the longest ago. One Query a page.
 */
export const handler = defineHandler(contract.listOverdueInspections, async ({ query }, { principal }) => {
  const org = await actingOrgOf(principal);
  const page = await overduePage(org, OVERDUE_PAGE, query.cursor);
  return {
    stations: page.stations.map((s) => ({
      stationId: s.stationId,
      name: s.name,
      orgId: s.orgId,
      kind: s.kind,
      ...(s.lastInspectedAt ? { lastInspectedAt: s.lastInspectedAt } : {}),
      ...(s.lastScore !== undefined ? { lastScore: s.lastScore } : {}),
      flagged: s.flagged,
    })),
    nextCursor: page.nextCursor,
  };
});
