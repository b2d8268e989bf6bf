/**
 * Sign-ups under load, on DynamoDB Local, through the same table code the API uses
 * (functions/tables/signups.ts: one transaction over the capacity counter and the sign-up).
 *   1. 2,000 sign-ups at once for a 50-place activity
 *   2. 20,000 sign-ups within one minute for a 2,000-place city-wide benefit (paced arrivals), on
 *      the sharded counters the API gives such benefits, and (RUNS=single) on one counter to compare
 *
 *   npx tsx bench/signups.ts        (RUNS=small,sharded by default; also small-floor, single, floor)
 *   RUNS=small,small-floor npx tsx bench/signups.ts   the burst and its floor (read + put only)
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { startDynamoLocal, localClient } from '../scripts/lib/dynamodb-local';
import { createLocalTables } from '../scripts/lib/local-tables';
import { freePort } from '../scripts/lib/free-port';
import { tableEnvironment } from '../infra/tables.cjs';
import { percentile } from './lib/stats';

// DynamoDB requests by operation (from the X-Amz-Target header), to report what one sign-up costs.
// Patched before the SDK's HTTP handler first picks up http.request.
const calls: Record<string, number> = {};
const request = http.request;
(http as { request: unknown }).request = (...args: Parameters<typeof http.request>) => {
  const headers = (args[0] as http.RequestOptions).headers as Record<string, string> | undefined;
  const op = headers?.['x-amz-target']?.split('.')[1];
  if (op) calls[op] = (calls[op] ?? 0) + 1;
  return request(...args);
};

async function main() {
  // one process stands in for many Lambda instances, each with its own connection: without more
  // sockets than the SDK's 50, requests would wait in this process's queue, not in DynamoDB
  process.env.DYNAMODB_MAX_SOCKETS ??= '1000';
  const dynamo = await startDynamoLocal({ port: await freePort() });
  try {
    Object.assign(process.env, { DYNAMODB_ENDPOINT: dynamo.endpoint, STAGE: 'local', ...tableEnvironment('local') });
    const client = localClient(dynamo.endpoint);
    await createLocalTables(client, 'local');
    client.destroy();
    const { putActivity, getActivity, readCounters, shardCountFor } = await import('../functions/tables/activities');
    const { signUp, listSignupsOfActivity } = await import('../functions/tables/signups');
    const { activityForSignup } = await import('../functions/activities/activity-cache');

    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { db, tableName } = await import('../functions/lib/db');

    /**
     * kind 'floor': no capacity logic at all, each request only reads the activity and puts its own
     * sign-up item: the least any design can do, i.e. what DynamoDB Local on this machine allows.
     */
    async function run(name: string, capacity: number, people: number, spreadMs: number, kind: 'single' | 'sharded' | 'floor') {
      const shards = kind === 'sharded' ? shardCountFor(capacity) : 0;
      const now = Date.now();
      const id = `ac-bench-${randomUUID()}`;
      await putActivity(
        {
          id,
          orgId: 'bench',
          title: name,
          description: '',
          category: 'goods',
          place: '—',
          startsAt: new Date(now + 86_400_000).toISOString(),
          endsAt: new Date(now + 90_000_000).toISOString(),
          signupOpensAt: new Date(now - 3600_000).toISOString(),
          signupClosesAt: new Date(now + 3600_000).toISOString(),
          capacity,
          perMemberLimit: 1,
          eligibility: { activeMember: false, subtreeOnly: false, newEmploymentOnly: false, womenOnly: false },
          waitlist: true,
          holdMinutes: 60,
          confirmed: 0,
          createdAt: new Date().toISOString(),
          createdBy: 'bench',
          ...(shards ? { shards } : {}),
        },
        ['bench'],
      );
      const activity = (await getActivity(id, true))!;
      const latencies: number[] = [];
      const errors: string[] = [];
      for (const k of Object.keys(calls)) delete calls[k];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: people }, async (_, i) => {
          if (spreadMs) await new Promise((r) => setTimeout(r, (i / people) * spreadMs));
          const t = performance.now();
          try {
            // as the API does: each request reads the activity (eventually consistent, cached for 2 s per container) first
            const current = (await activityForSignup(id)) ?? activity;
            const draft = {
              activityId: id,
              memberId: `p-${i}`,
              memberName: '测试',
              memberNo: String(i),
              activityTitle: name,
              places: 1,
              children: [],
            };
            if (kind === 'floor') {
              const at = new Date().toISOString();
              const status = i < capacity ? 'confirmed' : 'waitlisted';
              await db().send(
                new PutCommand({
                  TableName: tableName('signups'),
                  Item: { ...draft, status, queueKey: `${at}#${draft.memberId}`, createdAt: at, activityStatus: `${id}#${status}` },
                  ConditionExpression: 'attribute_not_exists(memberId)',
                }),
              );
            } else await signUp(current, draft);
          } catch (error) {
            errors.push((error as Error).name);
          }
          latencies.push(performance.now() - t);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const perSignup = Object.entries(calls)
        .map(([op, n]) => `${op} ${(n / people).toFixed(2)}`)
        .join(', ');
      const all = await listSignupsOfActivity(id);
      const confirmed = all.filter((s) => s.status === 'confirmed').length;
      const waitlisted = all.filter((s) => s.status === 'waitlisted');
      const distinctSeq = new Set(waitlisted.map((s) => s.queueKey)).size;
      const counters = kind === 'floor' ? [] : await readCounters((await getActivity(id, true))!, true);
      const counter = kind === 'floor' ? confirmed : counters.reduce((n, c) => n + c.confirmed, 0);
      const overfull = counters.filter((c) => c.confirmed > c.capacity).length;
      console.log(
        `\n${name}: ${people} sign-ups, ${capacity} places${spreadMs ? `, arrivals spread over ${spreadMs / 1000} s` : ', all at once'}, ${kind === 'floor' ? 'no counter (floor: read + put only)' : shards ? `${shards} counter shards` : 'one counter'}`,
      );
      console.log(
        `  confirmed ${confirmed} (counters ${counter}, ${overfull} over their share), waitlisted ${waitlisted.length} with ${distinctSeq} distinct positions, errors ${errors.length}${errors.length ? ` (${[...new Set(errors)].join(', ')})` : ''}`,
      );
      console.log(
        `  ${(people / seconds).toFixed(0)} sign-ups/s over ${seconds.toFixed(1)} s; latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
      );
      console.log(`  DynamoDB requests per sign-up: ${perSignup}`);
    }

    // runs go in the order given (repeat one to see the spread), after one unreported burst that
    // warms DynamoDB Local's JVM and this process: otherwise whichever run comes first pays for it
    const plans: Record<string, () => Promise<void>> = {
      small: () => run('50-place activity', 50, 2000, 0, 'single'),
      // the same burst with no capacity logic: what the 2,000-at-once run is measured against
      'small-floor': () => run('50-place activity', 50, 2000, 0, 'floor'),
      sharded: () => run('city-wide benefit', 2000, 20_000, 60_000, 'sharded'),
      single: () => run('city-wide benefit', 2000, 20_000, 60_000, 'single'),
      floor: () => run('city-wide benefit', 2000, 20_000, 60_000, 'floor'),
    };
    const runs = (process.env.RUNS ?? 'small,sharded').split(',');
    const unknown = runs.filter((r) => !plans[r]);
    if (unknown.length) throw new Error(`unknown RUNS ${unknown.join(', ')}; choose from ${Object.keys(plans).join(', ')}`);
    const log = console.log;
    console.log = () => undefined;
    await run('warm-up', 50, 2000, 0, 'single');
    console.log = log;
    for (const r of runs) await plans[r]!();
  } finally {
    await dynamo.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
