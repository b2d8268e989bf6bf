/**
 * Moving a deployed stage to the scope-keyed lists (issue 10, docs/org-scale.md "Moving today's
 * data"). Items written before the scope keys carry no scope0…4/listKey and are in no staff list.
 * This walks the org tree a page at a time and queues a rescope task for every org; the scheduled
 * rescopeItems function (every minute) then rewrites each org's memberships, transfers, join codes,
 * activities, stations and reports from the org's path. Needs AWS credentials; not run here.
 *
 *   AWS_REGION=cn-north-1 npx tsx scripts/backfill-scopes.ts --stage prod            # queue, resumable
 *   AWS_REGION=cn-north-1 npx tsx scripts/backfill-scopes.ts --stage prod --drain    # and work them off here too
 *
 * Resumable: the position in the tree is saved to .data/backfill-<stage>.json after every page and
 * read back on the next run; queuing an org twice only restarts its (idempotent) task.
 * Deploy first, one new GSI per deployment (DynamoDB adds one index at a time): byScope0…4 on each
 * listed table, byAudience on activities, rescopes on orgs; then run this.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runRescopes } from '../functions/org-admin/rescope';
import type { StartKey } from '../functions/lib/dynamo';
import { pageOfTree } from '../functions/tables/orgs';
import { pendingRescopes, queueRescopes } from '../functions/tables/rescope-tasks';

export interface BackfillProgress {
  queued: number;
  startKey?: StartKey;
  done: boolean;
}

/** Queues a task for every org of the tree, page by page, reporting each page to `save`. */
export async function queueAllOrgs(progress: BackfillProgress, save: (p: BackfillProgress) => void): Promise<BackfillProgress> {
  let current = progress;
  while (!current.done) {
    const page = await pageOfTree(current.startKey);
    await queueRescopes(page.ids);
    current = { queued: current.queued + page.ids.length, startKey: page.nextKey, done: !page.nextKey };
    save(current);
  }
  return current;
}

/** Works the queue off in this process (as the scheduled function would), until nothing is pending. */
export async function drain(report: (items: number, finished: number) => void = () => undefined): Promise<void> {
  while ((await pendingRescopes(1)).length > 0) {
    const run = await runRescopes();
    report(run.items, run.finished);
  }
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const stage = option('--stage');
  if (stage !== 'dev' && stage !== 'prod') throw new Error('pass --stage dev or --stage prod (local tables are recreated by npm start)');
  const { tableEnvironment } = require('../infra/tables.cjs') as typeof import('../infra/tables.cjs');
  Object.assign(process.env, { STAGE: stage, DYNAMODB_ENDPOINT: '', ...tableEnvironment(stage) });
  const file = join(__dirname, '..', '.data', `backfill-${stage}.json`);
  const saved: BackfillProgress = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { queued: 0, done: false };
  mkdirSync(dirname(file), { recursive: true });
  const result = await queueAllOrgs(saved, (p) => {
    writeFileSync(file, JSON.stringify(p));
    console.log(`已排队 ${p.queued} 个组织`);
  });
  console.log(`全部 ${result.queued} 个组织已排队；定时任务每分钟处理一批。`);
  if (process.argv.includes('--drain')) {
    let items = 0;
    await drain((n, finished) => console.log(`已更新 ${(items += n)} 条记录（本轮完成 ${finished} 个组织）`));
    console.log('全部完成。');
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
