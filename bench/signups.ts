/**
 * Sign-ups under load, on DynamoDB Local, through the same table code the API uses
 * (functions/tables/signups.ts: one transaction over the capacity counter and the sign-up).
 *   1. 2,000 sign-ups at once for a 50-place activity
 *   2. 20,000 sign-ups within one minute for a 2,000-place city-wide benefit (paced arrivals), on
 *      the sharded counters the API gives such benefits, and (RUNS=single) on one counter to compare
 *
 *   npx tsx bench/signups.ts                      (RUNS=small,sharded by default; add ,single)
 */
import { randomUUID } from 'node:crypto';
import { startDynamoLocal, localClient } from '../scripts/lib/dynamodb-local';
import { createLocalTables } from '../scripts/lib/local-tables';
import { freePort } from '../scripts/lib/free-port';
import { tableEnvironment } from '../infra/tables.cjs';
import { percentile } from './lib/stats';


async function main() {
  const dynamo = await startDynamoLocal({ port: await freePort() });
  try {
    Object.assign(process.env, { DYNAMODB_ENDPOINT: dynamo.endpoint, STAGE: 'local', ...tableEnvironment('local') });
    const client = localClient(dynamo.endpoint);
    await createLocalTables(client, 'local');
    client.destroy();
    const { putActivity, getActivity, getActivityItem, readCounters, shardCountFor } = await import('../functions/tables/activities');
    const { signUp, listSignupsOfActivity } = await import('../functions/tables/signups');

    async function run(name: string, capacity: number, people: number, spreadMs: number, sharded: boolean) {
      const shards = sharded ? shardCountFor(capacity) : 0;
      const now = Date.now();
      const id = `ac-bench-${randomUUID()}`;
      await putActivity({
        id, orgId: 'bench', title: name, description: '', category: 'goods', place: '—',
        startsAt: new Date(now + 86_400_000).toISOString(), endsAt: new Date(now + 90_000_000).toISOString(),
        signupOpensAt: new Date(now - 3600_000).toISOString(), signupClosesAt: new Date(now + 3600_000).toISOString(),
        capacity, perMemberLimit: 1, eligibility: { activeMember: false, subtreeOnly: false, newEmploymentOnly: false, womenOnly: false },
        waitlist: true, holdMinutes: 60, confirmed: 0, createdAt: new Date().toISOString(), createdBy: 'bench', ...(shards ? { shards } : {}),
      });
      const activity = (await getActivity(id, true))!;
      const latencies: number[] = [];
      const errors: string[] = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: people }, async (_, i) => {
          if (spreadMs) await new Promise((r) => setTimeout(r, (i / people) * spreadMs));
          const t = performance.now();
          try {
            // as the API does: each request reads the activity (eventually consistent) first
            await signUp((await getActivityItem(id)) ?? activity, { activityId: id, memberId: `p-${i}`, memberName: '测试', memberNo: String(i), activityTitle: name, places: 1, children: [] });
          } catch (error) {
            errors.push((error as Error).name);
          }
          latencies.push(performance.now() - t);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const all = await listSignupsOfActivity(id);
      const confirmed = all.filter((s) => s.status === 'confirmed').length;
      const waitlisted = all.filter((s) => s.status === 'waitlisted');
      const distinctSeq = new Set(waitlisted.map((s) => s.queueKey)).size;
      const counters = await readCounters((await getActivity(id, true))!, true);
      const counter = counters.reduce((n, c) => n + c.confirmed, 0);
      const overfull = counters.filter((c) => c.confirmed > c.capacity).length;
      console.log(`\n${name}: ${people} sign-ups, ${capacity} places${spreadMs ? `, arrivals spread over ${spreadMs / 1000} s` : ', all at once'}, ${shards ? `${shards} counter shards` : 'one counter'}`);
      console.log(`  confirmed ${confirmed} (counters ${counter}, ${overfull} over their share), waitlisted ${waitlisted.length} with ${distinctSeq} distinct positions, errors ${errors.length}${errors.length ? ` (${[...new Set(errors)].join(', ')})` : ''}`);
      console.log(`  ${(people / seconds).toFixed(0)} sign-ups/s over ${seconds.toFixed(1)} s; latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`);
    }

    const runs = (process.env.RUNS ?? 'small,sharded').split(',');
    if (runs.includes('small')) await run('50-place activity', 50, 2000, 0, false);
    if (runs.includes('sharded')) await run('city-wide benefit', 2000, 20_000, 60_000, true);
    if (runs.includes('single')) await run('city-wide benefit', 2000, 20_000, 60_000, false);
  } finally {
    await dynamo.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
