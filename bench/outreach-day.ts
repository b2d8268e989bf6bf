/**
 * The 2023-11-29 day (issue 12, docs/outreach.md "Benchmark"): Beijing's unified 职工沟通会 at 350
 * sites at once, on DynamoDB Local, through the real handlers (called in-process with API Gateway
 * events, as in bench/org-scale.ts).
 *
 *   the tree: 1 city union, 17 districts, 343 streets/towns; 350 events hosted by streets (a few
 *     streets hold two), each offering 理发 (5 places), 血压血糖 and 法律咨询, with one join code
 *   stall devices: 1–2 per site, each holding a lease of 3 理发 places, each with a queue of the
 *     actions of two simulated hours (12:00–14:00 here: the last two hours before the run),
 *     synced in bursts of 20–100 actions; one sync in 20 is uploaded twice at once, one in 20
 *     again afterwards (a replay must count nothing twice)
 *   6,000 joins through the events' codes (POST /join/{token}, one worker each), 20,000 tallies
 *     (+1 presses on 咨询 / 宣传册 / 互助服务卡 / a service, 3 % of them undone), 2,000 理发
 *     registrations by member card (more than the places: the rest wait)
 * Prints: sync throughput and p50/p95 of a sync and of a join; exact totals (the city's and the
 * districts' stats items equal the sum of the actions' answers, each counted once); the requests
 * of the city admin's report for the day, before any event and after 350 (bounded, independent of
 * the number of events), and of an event's dashboard.
 *
 *   npm run bench:outreach-day                 (about 10 minutes on this machine)
 *   SCALE=0.1 npm run bench:outreach-day       a tenth of the joins, tallies and registrations
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startDynamoLocal, localClient } from '../scripts/lib/dynamodb-local';
import { createLocalTables } from '../scripts/lib/local-tables';
import { freePort } from '../scripts/lib/free-port';
import { tableEnvironment } from '../infra/tables.cjs';
import { installCounter, measure } from './lib/count-requests';
import { percentile } from './lib/stats';

const STAGE = 'outreachday';
const SCALE = Number(process.env.SCALE ?? 1);
const SITES = 350;
const JOINS = Math.round(6_000 * SCALE);
const TALLIES = Math.round(20_000 * SCALE);
const REGISTRATIONS = Math.round(2_000 * SCALE);
const HAIRCUT_PLACES = 5;
const LEASE = 3;
/** Syncs and joins in flight at once: Lambda instances, as many as this machine's DynamoDB Local serves well. */
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const HOUR = 3_600_000;

type Handler = (event: unknown) => Promise<unknown>;
type Reply = { status: number; body: Record<string, unknown> };
interface Action {
  key: string;
  kind: 'register' | 'tally';
  at: string;
  eventId: string;
  service?: string;
  target?: 'consult' | 'leaflet' | 'aidCard';
  card?: string;
  count?: number;
}
interface Device {
  id: string;
  site: number;
  actions: Action[];
}

const fmt = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${n < 100 ? n.toFixed(1) : fmt(Math.round(n))} ms`;

async function main() {
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  process.env.DYNAMODB_MAX_SOCKETS ??= '256';
  const dynamo = await startDynamoLocal({ port: await freePort() });
  try {
    const { testEnv } = await import('../test/functions-support/global-setup');
    Object.assign(process.env, testEnv(), { DYNAMODB_ENDPOINT: dynamo.endpoint, LOG_LEVEL: 'silent' }, tableEnvironment(STAGE));
    const client = localClient(dynamo.endpoint);
    await createLocalTables(client, STAGE);
    client.destroy();
    await installCounter(() => STAGE);

    const data = await import('./lib/org-scale-data');
    const { signSession } = await import('../functions/lib/auth/session-token');
    const { signCardToken } = await import('../functions/lib/member-card-key');
    const { createMember } = await import('../functions/tables/members');
    const { readStats, dayPeriod } = await import('../functions/tables/stats');
    const { invoke } = await import('../test/functions-support/invoke');
    const { functions } = require('../infra/functions.cjs') as {
      functions: (o: {
        resolveVariable: (v: string) => Promise<string>;
      }) => Promise<Record<string, { handler: string; events: { httpApi?: { method: string; path: string } | string }[] }>>;
    };
    const defs = await functions({ resolveVariable: async () => 'local' });
    const modules = new Map<string, string>();
    for (const def of Object.values(defs)) {
      const api = def.events[0]?.httpApi;
      if (api && typeof api === 'object') modules.set(`${api.method} ${api.path}`, def.handler.replace(/\.handler$/, ''));
    }
    const handlerOf = (route: string): Handler => {
      const module = modules.get(route);
      if (!module) throw new Error(`no handler for ${route}`);
      // require, not import(): a computed import() may load a second copy of the modules (and of db())
      return (require(join(__dirname, '..', module)) as { handler: Handler }).handler;
    };
    const call = async (
      route: string,
      token: string,
      rest: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown },
    ) => {
      const [method, path] = route.split(' ');
      return (await invoke(handlerOf(route) as never, { method, path, token, ...rest })) as Reply;
    };
    const ok = (reply: Reply, what: string) => {
      if (reply.status >= 300) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
      return reply.body;
    };

    // ---- the tree, the city admin, the events ------------------------------------------------------
    const tree = data.beijingTree().slice(0, 3);
    await data.writeTree(tree, 64, log);
    const streets = tree[2]!;
    const city = { key: 'city' as const, label: '市总 admin', userId: 'bench-city-admin', role: 'admin' as const, actingOrgId: 'beijing' };
    await data.writePersonas([city]);
    const admin = (await signSession({ userId: city.userId, role: city.role, actingOrgId: city.actingOrgId })).token;

    const now = Date.now();
    // the Beijing days of the simulated hours (two when the run is just after Beijing midnight)
    const days = [...new Set([dayPeriod(new Date(now - 3 * HOUR)), dayPeriod(new Date(now))])];
    const reportQuery = { orgId: 'beijing', unit: 'day', from: days[0]!.slice(1), to: days[days.length - 1]!.slice(1) };
    const report = () => call('GET /staff/figures', admin, { query: reportQuery });
    const emptyReport = await measure(report);
    ok(emptyReport.result, 'report before any event');

    let t = Date.now();
    const sites: { eventId: string; orgId: string; path: string[]; codeToken: string }[] = [];
    await data.pool(
      Array.from({ length: SITES }, (_, i) => i),
      CONCURRENCY,
      async (i) => {
        const street = streets[i % streets.length]!;
        const event = ok(
          await call('POST /staff/events', admin, {
            body: {
              clientRequestId: `bench-event-${i}`,
              kind: 'citywide',
              hostOrgId: street.id,
              name: `职工沟通会 第${i + 1}站`,
              place: `${street.shortName}广场`,
              location: { lat: 39.9 + (i % 20) / 100, lng: 116.4 + (i % 17) / 100 },
              startsAt: new Date(now - 3 * HOUR).toISOString(),
              endsAt: new Date(now + HOUR).toISOString(),
              services: [{ key: 'haircut', capacity: HAIRCUT_PLACES }, { key: 'blood-check' }, { key: 'legal' }],
            },
          }),
          'create event',
        ).event as { id: string; kind: string; name: string; place: string; location: unknown; startsAt: string; endsAt: string };
        const e = event;
        ok(
          await call('PUT /staff/events/{eventId}', admin, {
            params: { eventId: e.id },
            body: {
              kind: e.kind,
              name: e.name,
              place: e.place,
              location: e.location,
              startsAt: e.startsAt,
              endsAt: e.endsAt,
              services: [{ key: 'haircut', capacity: HAIRCUT_PLACES }, { key: 'blood-check' }, { key: 'legal' }],
              status: 'open',
            },
          }),
          'open event',
        );
        const code = ok(await call('POST /staff/join-codes', admin, { body: { orgId: street.id, eventId: e.id } }), 'join code') as {
          token: string;
        };
        sites[i] = { eventId: e.id, orgId: street.id, path: street.path, codeToken: code.token };
      },
    );
    log(`${SITES} events opened, each with a join code, in ${((Date.now() - t) / 1000).toFixed(0)} s`);

    // ---- the devices and their queues -----------------------------------------------------------
    const rng = data.mulberry32(20231129);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)]!;
    const devices: Device[] = sites.flatMap((_, site) =>
      Array.from({ length: rng() < 0.5 ? 1 : 2 }, () => ({ id: `dev-${randomUUID()}`, site, actions: [] as Action[] })),
    );
    const atWithin = () => new Date(now - 2 * HOUR + Math.floor(rng() * 2 * HOUR)).toISOString();

    t = Date.now();
    let memberSeq = 0;
    const registrations: { device: Device; memberNo: string; at: string }[] = [];
    await data.pool(
      Array.from({ length: REGISTRATIONS }, (_, i) => i),
      CONCURRENCY,
      async () => {
        const device = pick(devices);
        const site = sites[device.site]!;
        const n = ++memberSeq;
        const joinedAt = new Date(now - 100 * 86_400_000).toISOString();
        const made = await createMember(
          {
            userId: `bench-reg-${n}`,
            name: '李师傅',
            mobile: `138${String(n).padStart(8, '0')}`,
            employer: '顺丰速运',
            occupation: 'courier',
            newEmploymentForm: true,
            orgId: site.orgId,
            status: 'active',
            joinedAt,
            cardRequest: 'none',
            history: [{ at: joinedAt, what: '提交入会申请' }],
          } as Parameters<typeof createMember>[0],
          site.path,
        );
        if (!('created' in made)) throw new Error('member not created');
        registrations.push({ device, memberNo: made.created.memberNo, at: atWithin() });
      },
    );
    for (const r of registrations) {
      const { token } = await signCardToken(r.memberNo, new Date(r.at), { offline: true });
      r.device.actions.push({
        key: randomUUID(),
        kind: 'register',
        at: r.at,
        eventId: sites[r.device.site]!.eventId,
        service: 'haircut',
        card: token,
      });
    }
    const targets = ['consult', 'leaflet', 'aidCard'] as const;
    for (let i = 0; i < TALLIES; i++) {
      const device = pick(devices);
      const eventId = sites[device.site]!.eventId;
      const at = atWithin();
      const which = rng();
      const aim = which < 0.8 ? { target: targets[Math.floor(which * 3.75)]! } : { service: which < 0.9 ? 'blood-check' : 'legal' };
      device.actions.push({ key: randomUUID(), kind: 'tally', at, eventId, ...aim, count: 1 });
      // 3 % are undone (撤销) a moment later
      if (rng() < 0.03)
        device.actions.push({
          key: randomUUID(),
          kind: 'tally',
          at: new Date(Date.parse(at) + 2000).toISOString(),
          eventId,
          ...aim,
          count: -1,
        });
    }
    for (const d of devices) d.actions.sort((a, b) => a.at.localeCompare(b.at));
    log(
      `${fmt(registrations.length)} members with cards, ${devices.length} devices, queues made in ${((Date.now() - t) / 1000).toFixed(0)} s`,
    );

    // every device holds a lease of 理发 places while it is online (before the lunchtime rush)
    t = Date.now();
    await data.pool(devices, CONCURRENCY, async (d) => {
      ok(
        await call('POST /staff/stall/lease', admin, {
          body: { eventId: sites[d.site]!.eventId, deviceId: d.id, service: 'haircut', places: LEASE },
        }),
        'lease',
      );
    });
    log(`${devices.length} leases taken in ${((Date.now() - t) / 1000).toFixed(0)} s`);

    // ---- the day: bursts of syncs and the joins, interleaved as they would arrive -----------------
    type Work = { at: string; run: () => Promise<void> };
    const syncTimes: number[] = [];
    const joinTimes: number[] = [];
    const outcomes = new Map<string, { outcome: string; action: Action; orgPath: string[]; eventId: string }>();
    let syncedActions = 0;
    let replays = 0;
    let replayMismatch = 0;
    const sync = async (d: Device, batch: Action[]) => {
      const t0 = performance.now();
      const reply = ok(await call('POST /staff/stall/sync', admin, { body: { deviceId: d.id, actions: batch } }), 'sync') as {
        results: { key: string; outcome: string }[];
      };
      syncTimes.push(performance.now() - t0);
      return reply.results;
    };
    const work: Work[] = [];
    for (const d of devices) {
      for (let i = 0; i < d.actions.length;) {
        const size = 20 + Math.floor(rng() * 81);
        const batch = d.actions.slice(i, i + size);
        i += size;
        const mode = rng();
        work.push({
          at: batch[batch.length - 1]!.at,
          run: async () => {
            // one in 20 is uploaded twice at once (a double tap on 同步, two network retries)
            const tries = mode < 0.05 ? await Promise.all([sync(d, batch), sync(d, batch)]) : [await sync(d, batch)];
            if (mode >= 0.05 && mode < 0.1) tries.push(await sync(d, batch)); // and one in 20 again later
            replays += tries.length - 1;
            for (const [n, r] of tries[0]!.entries()) {
              const site = sites[d.site]!;
              outcomes.set(r.key, { outcome: r.outcome, action: batch[n]!, orgPath: site.path, eventId: site.eventId });
              if (tries.some((other) => other[n]!.outcome !== r.outcome)) replayMismatch++;
            }
            syncedActions += batch.length;
          },
        });
      }
    }
    let joined = 0;
    for (let i = 0; i < JOINS; i++) {
      const site = sites[Math.floor(rng() * SITES)]!;
      const userId = `bench-join-${i}`;
      const occupation = pick(['food-delivery', 'courier', 'ride-hailing', 'truck-driver', 'sanitation', 'security', 'other'] as const);
      work.push({
        at: atWithin(),
        run: async () => {
          const token = (await signSession({ userId, role: 'worker', actingOrgId: null })).token;
          const t0 = performance.now();
          ok(
            await call('POST /join/{token}', token, {
              params: { token: site.codeToken },
              body: { name: '张师傅', mobile: `139${String(i).padStart(8, '0')}`, employer: '美团', occupation, consent: true },
            }),
            'join',
          );
          joinTimes.push(performance.now() - t0);
          joined++;
        },
      });
    }
    work.sort((a, b) => a.at.localeCompare(b.at));
    t = Date.now();
    let done = 0;
    await data.pool(work, CONCURRENCY, async (w) => {
      await w.run();
      if (++done % 1000 === 0) log(`  ${fmt(done)} of ${fmt(work.length)} requests`);
    });
    const dayMs = Date.now() - t;
    const syncs = syncTimes.length;
    log(`the day: ${fmt(syncs)} syncs (${fmt(syncedActions)} actions) and ${fmt(joined)} joins in ${(dayMs / 1000).toFixed(0)} s`);

    // ---- exact totals ----------------------------------------------------------------------------
    const expected = { consult: 0, leaflet: 0, aidCard: 0, services: 0, registered: 0, waitlisted: 0, other: 0 };
    for (const { outcome, action } of outcomes.values()) {
      if (action.kind === 'register') {
        if (outcome === 'done') {
          expected.registered++;
          expected.services++;
        } else if (outcome === 'waitlisted') expected.waitlisted++;
        else expected.other++;
      } else if (outcome === 'done') {
        if (action.target) expected[action.target] += action.count!;
        else expected.services += action.count!;
      } else expected.other++;
    }
    const sumOf = async (orgId: string) => {
      const stats = await readStats(orgId, days, ['events', 'joins', 'services', 'tallies']);
      const total = { events: 0, joins: 0, consult: 0, leaflet: 0, aidCard: 0, services: 0 };
      for (const day of Object.values(stats)) {
        total.events += day.events?.total ?? 0;
        total.joins += day.joins?.applied ?? 0;
        total.consult += day.tallies?.consult ?? 0;
        total.leaflet += day.tallies?.leaflet ?? 0;
        total.aidCard += day.tallies?.aidCard ?? 0;
        total.services += Object.values(day.services ?? {}).reduce((n, v) => n + v, 0);
      }
      return total;
    };
    const cityTotals = await sumOf('beijing');
    const districtTotals = await Promise.all(tree[1]!.map((d) => sumOf(d.id)));
    const summed = districtTotals.reduce((a, b) => {
      for (const k of Object.keys(a) as (keyof typeof a)[]) a[k] += b[k];
      return a;
    });
    const want = {
      events: SITES,
      joins: JOINS,
      consult: expected.consult,
      leaflet: expected.leaflet,
      aidCard: expected.aidCard,
      services: expected.services,
    };

    // ---- the reports -----------------------------------------------------------------------------
    const dayReport = await measure(report);
    const shown = (ok(dayReport.result, 'report') as { totals: Record<string, number> }).totals;
    const reported: Record<keyof typeof want, number> = {
      events: shown.meetings ?? 0,
      joins: shown.joins ?? 0,
      consult: shown.consultations ?? 0,
      leaflet: shown.leaflets ?? 0,
      aidCard: shown.aidCards ?? 0,
      services: shown.services ?? 0,
    };
    const exact = (Object.keys(want) as (keyof typeof want)[]).every(
      (k) => cityTotals[k] === want[k] && summed[k] === want[k] && reported[k] === want[k],
    );
    const monthReport = await measure(() =>
      call('GET /staff/figures', admin, {
        query: { orgId: 'beijing', unit: 'month', from: days[0]!.slice(1, 8), to: days[days.length - 1]!.slice(1, 8) },
      }),
    );
    const dashboard = await measure(() =>
      call('GET /staff/events/{eventId}/figures', admin, { params: { eventId: sites[0]!.eventId }, query: { deviceId: devices[0]!.id } }),
    );

    const row = (k: keyof typeof want) =>
      `| ${k} | ${fmt(want[k])} | ${fmt(cityTotals[k])} | ${fmt(summed[k])} | ${fmt(reported[k])} | ${
        want[k] === cityTotals[k] && cityTotals[k] === summed[k] && summed[k] === reported[k] ? 'yes' : '**NO**'
      } |`;
    console.log(
      `\nOutreach day: ${SITES} sites, ${devices.length} devices, ${fmt(JOINS)} joins, ${fmt(TALLIES)} tallies (+ undos), ${fmt(REGISTRATIONS)} registrations; ${CONCURRENCY} requests in flight\n`,
    );
    console.log('| figure | value |\n|---|---|');
    console.log(`| syncs | ${fmt(syncs)} (${fmt(syncedActions)} actions, ${fmt(replays)} of them replays of a whole queue) |`);
    console.log(`| sync throughput | ${fmt(Math.round(syncedActions / (dayMs / 1000)))} actions/s (with the joins running beside) |`);
    console.log(
      `| sync latency p50 / p95 / max | ${ms(percentile(syncTimes, 50))} / ${ms(percentile(syncTimes, 95))} / ${ms(Math.max(...syncTimes))} |`,
    );
    console.log(`| join latency p50 / p95 | ${ms(percentile(joinTimes, 50))} / ${ms(percentile(joinTimes, 95))} |`);
    console.log(
      `| 理发 registrations: placed / waiting / other | ${fmt(expected.registered)} / ${fmt(expected.waitlisted)} / ${fmt(expected.other)} (places: ${fmt(SITES * HAIRCUT_PLACES)}) |`,
    );
    console.log(`| replays answered differently from the first upload | ${replayMismatch} |`);
    console.log(
      `| city report for the day: requests (before any event → after ${SITES}) | ${dayReport.measure.requests === emptyReport.measure.requests ? '' : '**'}${emptyReport.measure.requests} → ${dayReport.measure.requests} (${Object.entries(
        dayReport.measure.by,
      )
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ')}) |`,
    );
    console.log(`| city report for the month: requests | ${monthReport.measure.requests} |`);
    console.log(
      `| an event's dashboard: requests | ${dashboard.measure.requests} (${Object.entries(dashboard.measure.by)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ')}) |`,
    );
    console.log(
      `\nExact totals: expected (from the answers to the actions) = the city's stats items = the 17 districts' summed = the city admin's report (${reportQuery.from} to ${reportQuery.to}):\n`,
    );
    console.log('| counter | expected | city | districts | report | equal |\n|---|---|---|---|---|---|');
    for (const k of Object.keys(want) as (keyof typeof want)[]) console.log(row(k));
    console.log(exact && replayMismatch === 0 ? '\nPASS every action counted once' : '\nFAIL the totals differ (above)');
    log('done');
    if (!exact || replayMismatch) process.exitCode = 1;
  } finally {
    const { closeDb } = await import('../functions/lib/db');
    closeDb();
    await dynamo.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
