import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf } from '../orgs/scope';
import { staffStationsPage } from '../tables/stations';
import { stationsToCsv } from './station-csv';
import { beijingDate } from '../../shared/beijing-time';

export const EXPORT_PAGE = 200;

/**
 * The subtree's stations as CSV, a part at a time (one Query each): the first part has the header,
 * the caller appends the rows of each next part (`nextCursor`) and can show how far it has got.
 */
export const handler = defineHandler(contract.exportStations, async ({ query }, { principal }) => {
  const actingOrg = await actingOrgOf(principal);
  const page = await staffStationsPage(actingOrg, EXPORT_PAGE, query.cursor);
  const csv = stationsToCsv(page.stations);
  // one entry per export: recorded with its first part
  if (!query.cursor) {
    await recordAudit({
      principal,
      org: actingOrg,
      kind: 'export',
      object: { type: 'org', id: actingOrg.id, label: actingOrg.name },
      summary: `导出「${actingOrg.name}」及下级的驿站名单`,
    });
  }
  return {
    filename: `stations-${actingOrg.id}-${beijingDate(new Date())}.csv`,
    // later parts: their rows only, each after a line break, so the parts join into one file
    csv: !query.cursor ? csv : page.stations.length ? csv.slice(csv.indexOf('\r\n')) : '',
    count: page.stations.length,
    nextCursor: page.nextCursor,
  };
});
