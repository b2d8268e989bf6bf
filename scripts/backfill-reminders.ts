/**
 * Activity reminders for activities published before they existed (docs/notifications.md, Activity
 * reminders): those not yet started get their day-before and 2-hour reminders scheduled, as if
 * published now (a reminder whose time has passed is skipped). Scans the activities table a page at a
 * time; safe to run again (scheduled activities are left alone). Needs AWS credentials; not run here.
 * Deploy first (the `reminders` index), then:
 *
 *   AWS_REGION=cn-north-1 npx tsx scripts/backfill-reminders.ts --stage prod
 */
import { scheduleUnscheduled } from '../functions/tables/activity-reminders';

/** Every page of the table; returns how many activities were scheduled. */
export async function backfillReminders(now = new Date(), report: (scheduled: number) => void = () => undefined): Promise<number> {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await scheduleUnscheduled(now, startKey);
    total += page.scheduled;
    report(total);
    startKey = page.nextKey;
  } while (startKey);
  return total;
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
  const total = await backfillReminders(new Date(), (n) => console.log(`已安排 ${n} 个活动的提醒`));
  console.log(`完成：共 ${total} 个活动。`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
