/**
 * Puts the stations a stage held before the nearby index (docs/stations.md, "Nearby index") into it:
 * every station written since is placed by its own write. Run once per deployed stage after
 * deploying; `npm start` runs it on the local data (a kept .data/dynamodb may hold older stations).
 *
 *   AWS_REGION=cn-north-1 npx tsx scripts/backfill-station-index.ts --stage prod
 *
 * One paginated Scan of the stations table (the stations without `ixl`, 100 read a page), then per
 * 25 stations one transaction: each marked indexed on condition it still is not and stands where it
 * was read, its entries written into the cells the directories give. Running it again, or while
 * staff edit stations, or after it stopped half-way places every station exactly once. Its cost: the
 * Scan reads the whole table once, plus ~8 bucket updates per transaction.
 */
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../functions/lib/db';
import type { StartKey } from '../functions/lib/dynamo';
import { indexUnindexed, toStation } from '../functions/tables/stations';

export interface IndexBackfillResult {
  scanned: number;
  indexed: number;
  /** of the stations it placed (the first 1,000, for the log and tests) */
  ids: string[];
}

export async function backfillStationIndex(
  report: (progress: IndexBackfillResult & { startKey?: StartKey }) => void = () => undefined,
  startKey?: StartKey,
): Promise<IndexBackfillResult> {
  const result: IndexBackfillResult = { scanned: 0, indexed: 0, ids: [] };
  let cursor = startKey;
  do {
    const page: ScanCommandOutput = await db().send(
      new ScanCommand({
        TableName: tableName('stations'),
        FilterExpression: 'attribute_not_exists(ixl)',
        Limit: 100,
        ExclusiveStartKey: cursor,
      }),
    );
    result.scanned += page.ScannedCount ?? 0;
    const placed = await indexUnindexed((page.Items ?? []).map(toStation));
    result.indexed += placed.length;
    result.ids.push(...placed.slice(0, 1000 - result.ids.length));
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
  const result = await backfillStationIndex((p) => console.log(`已检查 ${p.scanned} 个驿站，放入附近索引 ${p.indexed} 个`));
  console.log(`完成：共检查 ${result.scanned} 个驿站，本次放入附近索引 ${result.indexed} 个（其余已在索引中）。`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
