import { createLogger } from '../lib/log';
import { rescopeActivitiesOfOrg } from '../tables/activities';
import { rescopeReportsOfOrg } from '../tables/feedback';
import { rescopeJoinCodesOfOrg } from '../tables/join-codes';
import { rescopeMembersOfOrg, rescopeTransfersOfOrg } from '../tables/members';
import { getOrg } from '../tables/orgs';
import { finishRescope, pendingRescopes, queueRescopes, saveRescopeProgress, type RescopeTask } from '../tables/rescope-tasks';
import { rescopeStationsOfOrg } from '../tables/stations';
import { rescopeEventsOfOrg } from '../tables/outreach';

/**
 * After a move, each org whose path changed gets a rescope task; the scheduled job below rewrites
 * the scope attributes (functions/lib/scope-keys.ts) of its listed items from its current path, a
 * page (≤ 100 items) at a time, table by table. Until a task is done the org's items are still
 * listed under its old ancestors: lists are eventually right (docs/org-scale.md).
 */
export async function rescopeItemsOfOrgs(orgIds: string[]): Promise<void> {
  await queueRescopes(orgIds);
}

type Step = (orgId: string, newPath: string[], cursor?: string) => Promise<{ done: number; nextCursor?: string }>;

/** The tables in the order a task goes through them (a task's `step` indexes this list: append only). */
const STEPS: Step[] = [
  rescopeMembersOfOrg,
  rescopeTransfersOfOrg,
  rescopeJoinCodesOfOrg,
  rescopeActivitiesOfOrg,
  rescopeStationsOfOrg,
  rescopeReportsOfOrg,
  rescopeEventsOfOrg,
];

/** Tasks taken per run, and when a run stops starting new pages (the function's timeout is 60 s). */
const TASKS_PER_RUN = 25;
const RUN_BUDGET_MS = 40_000;

/**
 * Scheduled every minute (and every 15 s under `npm start`): works through pending tasks oldest
 * first until the time budget is spent, saving progress after every page, so a timeout loses at
 * most one page's work (rewriting it again is harmless: the same attributes).
 */
export async function runRescopes(
  { budgetMs = RUN_BUDGET_MS, now = () => Date.now() } = {},
  log = createLogger({ job: 'rescopeItems' }),
): Promise<{ tasks: number; finished: number; items: number }> {
  const started = now();
  let finished = 0;
  let items = 0;
  const tasks = await pendingRescopes(TASKS_PER_RUN);
  for (const queued of tasks) {
    let task: RescopeTask = queued;
    const org = await getOrg(task.orgId);
    if (!org) {
      await finishRescope(task); // the org is gone: nothing lists under it any more
      continue;
    }
    let current = true;
    while (current && task.step < STEPS.length && now() - started < budgetMs) {
      const page = await STEPS[task.step]!(org.id, org.path, task.cursor);
      items += page.done;
      task = page.nextCursor
        ? { ...task, cursor: page.nextCursor, done: task.done + page.done }
        : { ...task, step: task.step + 1, cursor: undefined, done: task.done + page.done };
      current = await saveRescopeProgress(task);
    }
    if (current && task.step >= STEPS.length) {
      await finishRescope(task);
      finished++;
      log.info('org items rescoped', { orgId: org.id, items: task.done });
    }
    if (now() - started >= budgetMs) break;
  }
  return { tasks: tasks.length, finished, items };
}

export async function handler(): Promise<void> {
  await runRescopes();
}
