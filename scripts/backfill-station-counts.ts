/**
 * Counts the stations a deployed stage held before the station count was kept (docs/outreach.md,
 * "stations"): the period report's 驿站（现有） reads `<org>#all` / `stations` in the stats table, which
 * the station writes keep from the deployment on. Run once per stage, after deploying, before the
 * figure is used; and once more after deploying the counters by kind and 24 h (issue 14,
 * docs/station-network.md "Counters"): a station counted before them (no `countedAs`) gets them, its
 * `total` left as it is. Needs AWS credentials; not run here.
 *
 *   AWS_REGION=cn-north-1 npx tsx scripts/backfill-station-counts.ts --stage prod
 *
 * One paginated Scan of the stations table (id, orgId, counted, countedAs, kind, 24 h, status; 100 a page). A station not yet
 * counted is marked counted and added +1 to its org and every ancestor in one transaction, on
 * condition it is still uncounted and of the org read; stations written since the deployment are
 * counted by their writes and marked already. So running it while staff work, running it again,
 * or again after it stopped half-way counts every station exactly once. Its cost: the Scan reads
 * the whole table once (≈ 1 RCU per 8 KB read, eventually consistent: halved), plus a BatchGet
 * of the page's orgs and ~2 WCU per transaction item for the stations not counted.
 */
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../functions/lib/db';
import type { StartKey } from '../functions/lib/dynamo';
import { getOrgs } from '../functions/tables/orgs';
import { COUNTED, COUNTED_AS, countUncounted, uncountedOf, type Uncounted } from '../functions/tables/stations';

export interface BackfillResult {
  scanned: number;
  counted: number;
}

/** Walks the stations table page by page, counting the stations not counted; `report` after each page. */
export async function backfillStationCounts(
  report: (progress: BackfillResult & { startKey?: StartKey }) => void = () => undefined,
  startKey?: StartKey,
): Promise<BackfillResult> {
  const result: BackfillResult = { scanned: 0, counted: 0 };
  let cursor = startKey;
  do {
    const page: ScanCommandOutput = await db().send(
      new ScanCommand({
        TableName: tableName('stations'),
        ProjectionExpression: 'id, orgId, #c, #ca, #kind, #h.allDay, #st',
        ExpressionAttributeNames: { '#c': COUNTED, '#ca': COUNTED_AS, '#kind': 'kind', '#h': 'hours', '#st': 'status' },
        Limit: 100,
        ExclusiveStartKey: cursor,
      }),
    );
    const items = (page.Items ?? []) as Record<string, unknown>[];
    result.scanned += items.length;
    // not counted, or counted before the counters by kind and 24 h were kept
    const uncounted = items
      .filter((s) => s[COUNTED] !== true || typeof s[COUNTED_AS] !== 'string')
      .map((s): Uncounted => ({
        id: s.id as string,
        orgId: s.orgId as string,
        counted: s[COUNTED] === true,
        kind: s.kind as Uncounted['kind'],
        allDay: (s.hours as { allDay?: boolean } | undefined)?.allDay === true,
        status: s.status as Uncounted['status'],
      }));
    result.counted += await countPage(uncounted);
    cursor = page.LastEvaluatedKey as StartKey | undefined;
    report({ ...result, startKey: cursor });
  } while (cursor);
  return result;
}

/** Counts one page's uncounted stations; those changed meanwhile are read again (a few rounds). */
async function countPage(stations: Uncounted[]): Promise<number> {
  let counted = 0;
  let pending = stations;
  for (let round = 0; pending.length > 0; round++) {
    if (round >= 5) throw new Error(`stations kept changing: ${pending.map((s) => s.id).join(', ')}`);
    const orgs = new Map((await getOrgs([...new Set(pending.map((s) => s.orgId))])).map((o) => [o.id, o.path]));
    // an org gone from the tree: the station counts on the org alone
    const failed = new Set(await countUncounted(pending, (orgId) => orgs.get(orgId) ?? [orgId]));
    counted += pending.length - failed.size;
    // counted meanwhile by a write, or moved: read again, and count those still uncounted
    pending = await uncountedOf([...failed]);
  }
  return counted;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const stage = option('--stage');
  if (stage !== 'dev' && stage !== 'prod')
    throw new Error('pass --stage dev or --stage prod (local tables are seeded counted by npm start)');
  const { tableEnvironment } = require('../infra/tables.cjs') as typeof import('../infra/tables.cjs');
  Object.assign(process.env, { STAGE: stage, DYNAMODB_ENDPOINT: '', ...tableEnvironment(stage) });
  const result = await backfillStationCounts((p) => console.log(`已检查 ${p.scanned} 个驿站，补计 ${p.counted} 个`));
  console.log(`完成：共 ${result.scanned} 个驿站，本次补计 ${result.counted} 个（其余已计入）。`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
