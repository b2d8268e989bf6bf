/**
 * Every list route at Beijing scale beside the demo tree (issue 10, docs/org-scale.md), in one run.
 *
 * One in-memory DynamoDB Local, two stages of tables from infra/tables.cjs:
 *   orgscaledemo  the demo tree (scripts/demo-data seed) plus a sprinkling of items, so pages are full
 *   orgscale      Beijing: 1 city union, 17 districts, 343 streets/towns (43 in 朝阳), 4,005
 *                 community joint unions, 30,000 workplace unions, with members, activities,
 *                 stations, reports, join codes, transfers and audit entries spread over it,
 *                 all written through the product's table modules
 * Each list route's real handler is called in-process with an API Gateway event and a session
 * token (test/functions-support/invoke.ts) as city admin (acting for beijing), district staff
 * (丰台 / 朝阳), street staff (卢沟桥 / a 朝阳 street) and workers (a member, a non-member), first
 * page and, where the route pages, the second. A middleware on db() counts DynamoDB requests (by
 * command, table and index), items read (ScannedCount of a Query or Scan, Count otherwise, items
 * of a GetItem / BatchGetItem) and bytes received; latency is the median of RUNS calls after a
 * warm-up call (one call when the warm-up took over 3 s).
 *
 *   npm run bench:org-scale                 (about 5 minutes; the figures in docs/benchmarks.md)
 *   SCALE=0.1 npm run bench:org-scale       a tenth of the items (the tree stays full size)
 *   ROUTES=memberships,audit RUNS=3 …       some routes only (names as printed)
 *   SKIP_BEIJING=1 …                        an empty Beijing stage: tries the harness in half a minute
 */
import { join } from 'node:path';
import { startDynamoLocal, localClient } from '../scripts/lib/dynamodb-local';
import { createLocalTables } from '../scripts/lib/local-tables';
import { freePort } from '../scripts/lib/free-port';
import { tableEnvironment } from '../infra/tables.cjs';
import type { Persona, Sizes } from './lib/org-scale-data';
import { fresh, installCounter, measure, type Measure } from './lib/count-requests';

const DEMO_STAGE = 'orgscaledemo';
const BEIJING_STAGE = 'orgscale';
const RUNS = Number(process.env.RUNS ?? 5);
const SCALE = Number(process.env.SCALE ?? 1);
/** Items read allowed beyond the page and what it shows: the session's user record, the acting org, a member's org chain (≤ 4). */
const OVERHEAD = 6;
/** Requests a page may take beyond one per row shown before it counts as growing with the subtree. */
const PAGE_REQUESTS = 10;

const BEIJING_SIZES: Sizes = {
  members: 20_000,
  activities: 3_000,
  stations: 26_000,
  reports: 2_000,
  codes: 2_000,
  transfers: 1_000,
  audit: 5_000,
};
const DEMO_SIZES: Sizes = { members: 80, activities: 40, stations: 40, reports: 40, codes: 25, transfers: 25, audit: 80 };

type TreeKey = 'demo' | 'beijing';
interface TreeSpec {
  key: TreeKey;
  stage: string;
  district: string;
  street: string;
  memberOrg: string;
  /** a name prefix staff search for in their district, and one for the city partition */
  searchInDistrict: string;
  searchInCity: string;
}
const TREES: Record<TreeKey, TreeSpec> = {
  demo: {
    key: 'demo',
    stage: DEMO_STAGE,
    district: 'fengtai',
    street: 'fengtai-lugouqiao',
    memberOrg: 'fengtai-lugouqiao-logistics',
    searchInDistrict: '卢沟桥',
    searchInCity: '丰台',
  },
  beijing: {
    key: 'beijing',
    stage: BEIJING_STAGE,
    district: 'chaoyang',
    street: 'chaoyang-s01',
    memberOrg: 'chaoyang-s01-c01-w1',
    searchInDistrict: '朝阳区第1',
    searchInCity: '朝阳',
  },
};

// ---- routes --------------------------------------------------------------------------------------

interface Body {
  [key: string]: unknown;
}
interface Case {
  name: string;
  route: string;
  who: Persona['key'][];
  /** the page size the design gives the route (docs/org-scale.md) */
  limit: number;
  /** items a row may need beyond its own (an org name, the caller's sign-up) */
  perRow: number;
  query?: (tree: TreeSpec, who: Persona) => Record<string, string>;
  params?: (tree: TreeSpec, who: Persona) => Record<string, string>;
  /** the route pages with ?cursor= (the second page is measured too) */
  pages: boolean;
  rows: (body: Body) => number;
  /** items read to show the page beyond perRow (per-code figures, sharded counters) */
  extra?: (body: Body) => number;
}

const STAFF: Persona['key'][] = ['city', 'district', 'street'];
const EVERYONE: Persona['key'][] = ['city', 'district', 'street', 'member', 'visitor'];
const arrayIn = (body: Body, key: string) => (Array.isArray(body[key]) ? (body[key] as unknown[]) : []);
const rowsOf = (key: string) => (body: Body) => arrayIn(body, key).length;

function casesWith(shardCountFor: (capacity: number | null) => number): Case[] {
  const shardsShown = (key: string) => (body: Body) =>
    arrayIn(body, key).reduce((n: number, a) => n + shardCountFor((a as { capacity?: number | null }).capacity ?? null), 0);
  return [
    {
      name: 'org tree',
      route: 'GET /orgs',
      who: EVERYONE,
      limit: 51,
      perRow: 0,
      pages: false,
      rows: (b) => arrayIn(b, 'roots').reduce((n: number, r) => n + 1 + ((r as { children?: unknown[] }).children?.length ?? 0), 0),
    },
    {
      name: 'org children',
      route: 'GET /orgs/{orgId}/children',
      who: EVERYONE,
      limit: 50,
      perRow: 0,
      pages: true,
      params: (_t, p) => ({ orgId: p.actingOrgId ?? 'beijing' }),
      rows: rowsOf('orgs'),
    },
    {
      name: 'org search',
      route: 'GET /orgs/search',
      who: EVERYONE,
      limit: 20,
      perRow: 0,
      pages: true,
      query: (t, p) => ({ q: p.key === 'district' || p.key === 'street' ? t.searchInDistrict : t.searchInCity }),
      rows: rowsOf('orgs'),
    },
    {
      name: 'staff scope',
      route: 'GET /staff/scope',
      who: STAFF,
      limit: 51,
      perRow: 0,
      pages: false,
      rows: (b) => {
        const tree = b.tree as Body | undefined;
        return tree
          ? arrayIn(tree, 'roots').reduce((n: number, r) => n + 1 + ((r as { children?: unknown[] }).children?.length ?? 0), 0)
          : 0;
      },
    },
    {
      name: 'memberships',
      route: 'GET /staff/memberships',
      who: STAFF,
      limit: 20,
      perRow: 0,
      pages: true,
      query: () => ({ status: 'pending' }),
      rows: rowsOf('members'),
    },
    { name: 'transfers', route: 'GET /staff/transfers', who: STAFF, limit: 20, perRow: 2, pages: true, rows: rowsOf('transfers') },
    {
      name: 'join codes',
      route: 'GET /staff/join-codes',
      who: STAFF,
      limit: 20,
      perRow: 1,
      pages: true,
      // the figures beside each code are counters on the code item itself
      rows: rowsOf('codes'),
    },
    {
      name: 'staff activities',
      route: 'GET /staff/activities',
      who: STAFF,
      limit: 20,
      perRow: 1,
      pages: true,
      rows: rowsOf('activities'),
      extra: shardsShown('activities'),
    },
    {
      name: 'activities (worker)',
      route: 'GET /activities',
      who: ['member', 'visitor'],
      limit: 20,
      perRow: 2,
      pages: true,
      rows: rowsOf('activities'),
      extra: shardsShown('activities'),
    },
    { name: 'staff stations', route: 'GET /staff/stations', who: STAFF, limit: 50, perRow: 0, pages: true, rows: rowsOf('stations') },
    {
      name: 'stations export',
      route: 'GET /staff/stations/export',
      who: STAFF,
      limit: 0,
      perRow: 0,
      pages: true,
      rows: (b) => (typeof b.csv === 'string' ? Math.max(0, b.csv.trim().split('\n').length - 1) : 0),
    },
    {
      name: 'reports',
      route: 'GET /staff/reports',
      who: STAFF,
      limit: 20,
      perRow: 0,
      pages: true,
      query: () => ({ status: 'open' }),
      rows: rowsOf('reports'),
    },
    { name: 'audit', route: 'GET /staff/audit', who: STAFF, limit: 30, perRow: 2, pages: true, rows: rowsOf('entries') },
    {
      name: 'org staff',
      route: 'GET /staff/orgs/{orgId}/staff',
      who: STAFF,
      limit: 20,
      perRow: 0,
      pages: true,
      params: (_t, p) => ({ orgId: p.actingOrgId! }),
      rows: rowsOf('staff'),
    },
  ];
}

interface Result {
  status: number;
  rows: number;
  bound: number;
  measure: Measure;
  ms: number;
  runs: number;
  cursor?: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => n.toLocaleString('en-US');
const kb = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

async function main() {
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  process.env.DYNAMODB_MAX_SOCKETS ??= '256';
  const dynamo = await startDynamoLocal({ port: await freePort() });
  let stage = DEMO_STAGE;
  const useStage = (s: string) => {
    stage = s;
    Object.assign(process.env, tableEnvironment(s));
  };
  try {
    const { testEnv } = await import('../test/functions-support/global-setup');
    Object.assign(process.env, testEnv(), { DYNAMODB_ENDPOINT: dynamo.endpoint, LOG_LEVEL: 'silent' });
    const client = localClient(dynamo.endpoint);
    await createLocalTables(client, DEMO_STAGE);
    await createLocalTables(client, BEIJING_STAGE);
    client.destroy();

    // before the client's first request: the SDK caches a command's middleware chain once it has run
    await installCounter(() => stage);
    const data = await import('./lib/org-scale-data');
    const { seedDemoData } = await import('../scripts/demo-data/seed');
    const { demoOrgs } = await import('../scripts/demo-data/orgs');
    const { shardCountFor } = await import('../functions/tables/activities');
    const { signSession } = await import('../functions/lib/auth/session-token');
    const { invoke } = await import('../test/functions-support/invoke');
    const { functions } = require('../infra/functions.cjs') as {
      functions: (o: {
        resolveVariable: (v: string) => Promise<string>;
      }) => Promise<Record<string, { handler: string; events: { httpApi?: { method: string; path: string } | string }[] }>>;
    };
    const scaled = (sizes: Sizes): Sizes =>
      Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, Math.round(v * SCALE)])) as unknown as Sizes;

    // the demo tree
    useStage(DEMO_STAGE);
    await seedDemoData();
    const demoPeople = data.personas(TREES.demo);
    await data.writePersonas(demoPeople);
    await data.writeWorkerMember(
      'bench-worker-member',
      demoOrgs.find((o) => o.id === TREES.demo.memberOrg)!,
      1,
    );
    const demoWritten = await data.writeItems({
      orgs: demoOrgs,
      focusStreet: TREES.demo.street,
      memberOrg: TREES.demo.memberOrg,
      sizes: DEMO_SIZES,
      seed: 1,
    });
    log(`demo tree: ${demoOrgs.length} orgs, ${JSON.stringify(demoWritten)}`);

    // Beijing
    useStage(BEIJING_STAGE);
    // SKIP_BEIJING=1: an empty Beijing stage, to try the harness in a minute
    const tree = process.env.SKIP_BEIJING ? [] : data.beijingTree();
    let t = Date.now();
    await data.writeTree(tree, 64, log);
    const orgs = tree.flat();
    log(`Beijing tree: ${orgs.length} orgs (${tree.map((l) => l.length).join(' + ')}) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    const beijingPeople = data.personas(TREES.beijing);
    await data.writePersonas(beijingPeople);
    if (tree.length)
      await data.writeWorkerMember(
        'bench-worker-member',
        orgs.find((o) => o.id === TREES.beijing.memberOrg)!,
        2,
      );
    t = Date.now();
    const written = !tree.length
      ? null
      : await data.writeItems({
          orgs,
          focusStreet: TREES.beijing.street,
          memberOrg: TREES.beijing.memberOrg,
          sizes: scaled(BEIJING_SIZES),
          seed: 2,
          say: log,
        });
    log(`Beijing items in ${((Date.now() - t) / 1000).toFixed(0)} s: ${JSON.stringify(written)}`);

    const defs = await functions({ resolveVariable: async () => 'local' });
    const handlerFor = new Map<string, string>();
    for (const def of Object.values(defs)) {
      const api = def.events[0]?.httpApi;
      if (api && typeof api === 'object') handlerFor.set(`${api.method} ${api.path}`, def.handler);
    }
    const only = process.env.ROUTES?.split(',');
    const cases = casesWith(shardCountFor).filter((c) => !only || only.includes(c.name));
    const tokens = new Map<string, string>();
    // the same ids and roles on both trees; the acting orgs differ: one token per tree and person
    const tokenOf = async (treeKey: TreeKey, p: Persona) => {
      const k = `${treeKey}:${p.key}`;
      if (!tokens.has(k)) tokens.set(k, (await signSession({ userId: p.userId, role: p.role, actingOrgId: p.actingOrgId })).token);
      return tokens.get(k)!;
    };

    type Handler = Parameters<typeof invoke>[0];
    const lines: string[] = [];
    const verdicts: string[] = [];
    const details: string[] = [];
    for (const c of cases) {
      const modulePath = handlerFor.get(c.route);
      if (!modulePath) {
        verdicts.push(`MISSING ${c.name} (${c.route}): no such route yet`);
        continue;
      }
      // require, not import(): a computed import() may load a second copy of the modules (and of db())
      const handler = (require(join(__dirname, '..', modulePath.replace(/\.handler$/, ''))) as { handler: Handler }).handler;
      let sameRequests = true;
      let pageBounded = true;
      let withinBound = true;
      let anyOk = false;
      const notes: string[] = [];
      for (const who of c.who) {
        const results: Record<TreeKey, Result[]> = { demo: [], beijing: [] };
        for (const treeKey of ['demo', 'beijing'] as TreeKey[]) {
          const spec = TREES[treeKey];
          useStage(spec.stage);
          const person = data.personas(spec).find((p) => p.key === who)!;
          const token = await tokenOf(treeKey, person);
          const call = async (cursor?: string) => {
            const query = { ...c.query?.(spec, person), ...(cursor ? { cursor } : {}) };
            return invoke(handler, {
              method: c.route.split(' ')[0],
              path: c.route.split(' ')[1],
              params: c.params?.(spec, person),
              query,
              token,
            });
          };
          let cursor: string | undefined;
          for (let page = 1; page <= (c.pages ? 2 : 1); page++) {
            if (page === 2 && !cursor) break;
            // warm-up: the container's first call (module caches, connections)
            const w0 = performance.now();
            await call(cursor);
            const warm = performance.now() - w0;
            const runs = warm > 3000 ? 1 : RUNS;
            const times: number[] = [];
            let counted = fresh();
            let reply: Awaited<ReturnType<typeof call>> | undefined;
            for (let r = 0; r < runs; r++) {
              const t0 = performance.now();
              ({ result: reply, measure: counted } = await measure(() => call(cursor)));
              times.push(performance.now() - t0);
            }
            const body = (reply!.body ?? {}) as Body;
            const rows = reply!.status === 200 ? c.rows(body) : 0;
            const limit = c.limit || rows;
            const bound = limit + rows * c.perRow + (c.extra?.(body) ?? 0) + OVERHEAD;
            const next = typeof body.nextCursor === 'string' ? body.nextCursor : undefined;
            results[treeKey].push({ status: reply!.status, rows, bound, measure: counted, ms: median(times), runs, cursor: next });
            cursor = next;
          }
        }
        for (let page = 0; page < Math.max(results.demo.length, results.beijing.length); page++) {
          const d = results.demo[page];
          const b = results.beijing[page];
          const label = `${c.name} | ${who}${page ? ' p2' : ''}`;
          const cell = (r?: Result) =>
            r
              ? `${r.status === 200 ? '' : `**${r.status}** `}${fmt(r.measure.requests)} | ${fmt(r.measure.itemsRead)} | ${kb(r.measure.bytes)} | ${r.ms < 100 ? r.ms.toFixed(1) : fmt(Math.round(r.ms))}${r.runs === 1 ? '¹' : ''}`
              : '— | — | — | —';
          const ok = (r?: Result) => !r || r.measure.itemsRead <= r.bound;
          if (d && b && d.status === 200 && b.status === 200) anyOk = true;
          // an empty page (the previous one ended exactly at the end) skips the lookups for its rows: compared only with rows on both
          if (d && b && d.rows > 0 && b.rows > 0 && d.measure.requests !== b.measure.requests) {
            sameRequests = false;
            notes.push(`${who}${page ? ' p2' : ''}: ${d.measure.requests} vs ${b.measure.requests} requests`);
          }
          for (const [treeKey, r] of [
            ['demo', d],
            ['Beijing', b],
          ] as const) {
            if (r && !ok(r)) {
              withinBound = false;
              notes.push(`${who}${page ? ' p2' : ''} (${treeKey}): ${fmt(r.measure.itemsRead)} items read > bound ${fmt(r.bound)}`);
            }
          }
          // at most a few requests plus one per row shown: what differs is the page's contents, not the subtree
          if (b && b.measure.requests > PAGE_REQUESTS + b.rows) pageBounded = false;
          lines.push(`| ${label} | ${cell(d)} | ${cell(b)} | ${b ? `${b.rows} / ${fmt(b.bound)}` : '—'} |`);
          const byOf = (r?: Result) =>
            r
              ? Object.entries(r.measure.by)
                  .sort((x, y) => y[1] - x[1])
                  .map(([k, n]) => `${k} ×${fmt(n)}`)
                  .join(', ')
              : '—';
          details.push(`${label}: demo ${byOf(d)} · Beijing ${byOf(b)}`);
        }
        log(`${c.name} as ${who}: done`);
      }
      const pass = anyOk && sameRequests && withinBound;
      verdicts.push(
        `${pass ? 'PASS' : 'FAIL'} ${c.name} (${c.route}): same request count on both trees ${sameRequests ? 'yes' : pageBounded ? `NO (≤ ${PAGE_REQUESTS} + one per row shown: they differ with the page's contents, not the subtree)` : 'NO (grows with the subtree)'}; items read ≤ page + what it shows ${withinBound ? 'yes' : 'NO'}${anyOk ? '' : '; no 200 answer'}${notes.length ? ` — ${notes.slice(0, 4).join('; ')}` : ''}`,
      );
    }

    console.log(
      `\nOrg scale: demo tree (${demoOrgs.length} orgs) vs Beijing (${fmt(orgs.length)} orgs), ${RUNS} runs after a warm-up (¹ one run)`,
    );
    console.log(`Beijing items: ${JSON.stringify(written)}\n`);
    console.log(
      '| route | who | demo requests | items read | received | ms | Beijing requests | items read | received | ms | Beijing rows / items bound |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const line of lines) console.log(line);
    console.log('\nRequests by command and table/index:');
    for (const line of details) console.log(`  ${line}`);
    console.log('');
    for (const line of verdicts) console.log(line);
    log('done');
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
