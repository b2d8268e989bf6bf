/**
 * Puts the stations a stage held before the nearby index (docs/stations.md, "Nearby index") into it,
 * and gives those from before the station network their due item (the overdue inspections list,
 * docs/station-network.md): every station written since has both from its own write. Run once per
 * deployed stage after deploying; `npm start` runs it on the local data (a kept .data/dynamodb may
 * hold older stations).
 *
 *   AWS_REGION=cn-north-1 npx tsx scripts/backfill-station-index.ts --stage prod
 *
 * One paginated Scan of the stations table (100 read a page). Per page, the stations without `ixl`,
 * per 25 one transaction: each marked indexed on condition it still is not and stands where it was
 * read, its entries written into the cells the directories give. And one BatchGet of the page's due
 * items, then per 25 stations without one a transaction writing them, each conditional on still
 * being absent and the station still being of the org read (its org's path: one BatchGet of the
 * page's orgs). Running it again, or while staff edit stations, or after it stopped half-way places
 * every station exactly once. Its cost: the Scan reads the whole table once, one BatchGet of due
 * items a page, plus ~8 bucket updates per indexing transaction.
 */
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../functions/lib/db';
import type { StartKey } from '../functions/lib/dynamo';
import { indexUnindexed, toStation } from '../functions/tables/stations';
import { StationKind } from '../shared/schemas/station';
import { stationsWithoutDue, writeMissingDues } from '../functions/tables/network';
import { getOrgs } from '../functions/tables/orgs';

export interface IndexBackfillResult {
  scanned: number;
  indexed: number;
  /** of the stations it placed (the first 1,000, for the log and tests) */
  ids: string[];
  /** stations given their due item (the overdue inspections list) */
  dues: number;
  /** of those (the first 1,000) */
  dueIds: string[];
}

export async function backfillStationIndex(
  report: (progress: IndexBackfillResult & { startKey?: StartKey }) => void = () => undefined,
  startKey?: StartKey,
): Promise<IndexBackfillResult> {
  const result: IndexBackfillResult = { scanned: 0, indexed: 0, ids: [], dues: 0, dueIds: [] };
  let cursor = startKey;
  do {
    const page: ScanCommandOutput = await db().send(
      new ScanCommand({
        TableName: tableName('stations'),
        Limit: 100,
        ExclusiveStartKey: cursor,
      }),
    );
    result.scanned += page.ScannedCount ?? 0;
    const items = page.Items ?? [];
    const placed = await indexUnindexed(items.filter((item) => item.ixl === undefined).map(toStation));
    result.indexed += placed.length;
    result.ids.push(...placed.slice(0, 1000 - result.ids.length));
    // only what a due item shows, so an odd item elsewhere in the table stops nothing
    const stations = items.flatMap((item) => {
      const kind = StationKind.safeParse(item.kind);
      return typeof item.id === 'string' && typeof item.name === 'string' && typeof item.orgId === 'string' && kind.success
        ? [{ id: item.id, name: item.name, kind: kind.data, orgId: item.orgId }]
        : [];
    });
    const missing = new Set(await stationsWithoutDue(stations.map((s) => s.id)));
    const without = stations.filter((s) => missing.has(s.id));
    if (without.length > 0) {
      const orgs = new Map((await getOrgs([...new Set(without.map((s) => s.orgId))])).map((o) => [o.id, o.path]));
      const dues = await writeMissingDues(without, (orgId) => orgs.get(orgId));
      result.dues += dues.length;
      result.dueIds.push(...dues.slice(0, 1000 - result.dueIds.length));
    }
    cursor = page.LastEvaluatedKey as StartKey | undefined;
    report({ ...result, startKey: cursor });
  } while (cursor);
  return result;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const stage = option('--stage');
  if (stage !== 'dev' && stage !== 'prod') throw new Error('pass --stage dev or --stage prod (npm start backfills the local tables)');
  const { tableEnvironment } = require('../infra/tables.cjs') as typeof import('../infra/tables.cjs');
  Object.assign(process.env, { STAGE: stage, DYNAMODB_ENDPOINT: '', ...tableEnvironment(stage) });
  const result = await backfillStationIndex((p) =>
    console.log(`已检查 ${p.scanned} 个驿站，放入附近索引 ${p.indexed} 个，加入待检查名单 ${p.dues} 个`),
  );
  console.log(
    `完成：共检查 ${result.scanned} 个驿站，本次放入附近索引 ${result.indexed} 个、加入待检查名单 ${result.dues} 个（其余已有）。`,
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
