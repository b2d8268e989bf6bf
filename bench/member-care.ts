/**
 * Member care at Beijing scale (issue 15, docs/claims-and-draws.md): draws (摇号) and claims (理赔),
 * on DynamoDB Local, through the real handlers called in-process (as bench/org-scale.ts does) and
 * the product's table modules for the data. A middleware on db() counts requests (by command and
 * table/index), items read and items written (bench/lib/count-requests.ts).
 *
 * The tree: the city union, its 17 districts and 343 streets/towns, and 朝阳's whole subtree below
 * its 43 streets (~500 community joint unions, ~3,750 workplace unions): what a district's lists span.
 *
 * Draws: one draw of PLACES places (childcare-style: each child a place) with a no-show rule, at 朝阳;
 *   APPLICANTS active members of 朝阳 apply through POST /activities/{id}/signups (FAMILY_SHARE of them
 *   for 2–3 children, the rest for one); the window is closed, district staff call POST
 *   /staff/activities/{id}/draw (≤ 20 s, then the sweeper's runDraw finishes the allocation, as it
 *   would the next minute); GET /activities/{id}/draw a page at a time; scripts/verify-draw.ts's own
 *   check over every page.
 * Claims: CLAIMS submitted claims of 朝阳 members (a tenth in 朝阳第1街道, 60 in its first community),
 *   OTHER_CLAIMS in other districts' streets, a tenth of 朝阳's closed (paid or rejected) and some
 *   drafts, written through startClaim / replaceSlots / submitClaim / reviewClaim with submit dates over
 *   the last 30 days; GET /staff/claims walked to its end by district, street and community staff;
 *   one claim through every review step (POST /staff/claims/{id}/review); 我的理赔 (GET /me/claims) of a
 *   member with 25 claims; GET /staff/figures for 朝阳 over the 30 days and the month.
 *
 *   npx tsx bench/member-care.ts                         (about 5 minutes; the figures in docs/benchmarks.md)
 *   APPLICANTS=20000 PLACES=2000 PARTS=draws npx tsx bench/member-care.ts   (about 7 minutes)
 *   knobs: APPLICANTS (5000), PLACES (500), FAMILY_SHARE (0.1), NOSHOW (1: the draw has a no-show rule),
 *          CLAIMS (3000), OTHER_CLAIMS (1000), CONCURRENCY (16 requests in flight while loading),
 *          PARTS (draws,claims)
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoLocal, localClient } from '../scripts/lib/dynamodb-local';
import { createLocalTables } from '../scripts/lib/local-tables';
import { freePort } from '../scripts/lib/free-port';
import { tableEnvironment } from '../infra/tables.cjs';
import { fresh, installCounter, measure, type Measure } from './lib/count-requests';
import { percentile } from './lib/stats';
import type { Org } from '../shared/schemas/org';

const STAGE = 'membercare';
const APPLICANTS = Number(process.env.APPLICANTS ?? 5_000);
const PLACES = Number(process.env.PLACES ?? 500);
const FAMILY_SHARE = Number(process.env.FAMILY_SHARE ?? 0.1);
const NOSHOW = process.env.NOSHOW !== '0';
const CLAIMS = Number(process.env.CLAIMS ?? 3_000);
const OTHER_CLAIMS = Number(process.env.OTHER_CLAIMS ?? 1_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const PARTS = (process.env.PARTS ?? 'draws,claims').split(',');
const DISTRICT = 'chaoyang';
const STREET = 'chaoyang-s01';
const COMMUNITY = 'chaoyang-s01-c01';
const DAY = 86_400_000;
const HOUR = 3_600_000;

type Handler = (event: unknown) => Promise<unknown>;
type Reply = { status: number; body: Record<string, unknown> };

const fmt = (n: number) => n.toLocaleString('en-US');
const kb = (bytes: number) => `${fmt(Math.round(bytes / 1024))} KB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const byOf = (m: Measure) =>
  Object.entries(m.by)
    .sort((x, y) => y[1] - x[1])
    .map(([k, n]) => `${k} ×${fmt(n)}`)
    .join(', ');
const pad = (n: number, width: number) => String(n).padStart(width, '0');

async function main() {
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  process.env.DYNAMODB_MAX_SOCKETS ??= '256';
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const out: string[] = [];
  const say = (line = '') => out.push(line);
  try {
    const { testEnv } = await import('../test/functions-support/global-setup');
    // S3: the claim views only sign 10-minute links (no S3 request), so a local endpoint that is never called will do
    Object.assign(
      process.env,
      testEnv(),
      { DYNAMODB_ENDPOINT: dynamo.endpoint, LOG_LEVEL: 'silent', S3_ENDPOINT: 'http://127.0.0.1:9' },
      tableEnvironment(STAGE),
    );
    const client = localClient(dynamo.endpoint);
    await createLocalTables(client, STAGE);
    client.destroy();
    // before the client's first request: the SDK caches a command's middleware chain once it has run
    await installCounter(() => STAGE);

    const data = await import('./lib/org-scale-data');
    const { signSession } = await import('../functions/lib/auth/session-token');
    const { createMember } = await import('../functions/tables/members');
    const { putUserWithIdentity } = await import('../functions/tables/users');
    const { devOpenidHash } = await import('../functions/lib/auth/wechat');
    const { db, tableName } = await import('../functions/lib/db');
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
      token: string | undefined,
      rest: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
    ) => {
      const [method, path] = route.split(' ');
      return (await invoke(handlerOf(route) as never, { method, path, ...(token ? { token } : {}), ...rest })) as Reply;
    };
    const ok = (reply: Reply, what: string) => {
      if (reply.status >= 300) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
      return reply.body;
    };

    // ---- the tree: city, districts, streets; 朝阳's communities and workplaces ------------------------
    const full = data.beijingTree();
    const inDistrict = (o: Org) => o.path.includes(DISTRICT);
    const tree = [full[0]!, full[1]!, full[2]!, full[3]!.filter(inDistrict), full[4]!.filter(inDistrict)];
    let t = Date.now();
    await data.writeTree(tree, 64, log);
    const orgs = tree.flat();
    const byId = new Map(orgs.map((o) => [o.id, o]));
    log(`tree: ${fmt(orgs.length)} orgs (${tree.map((l) => fmt(l.length)).join(' + ')}) in ${secs(Date.now() - t)}`);
    const districtLeaves = orgs.filter((o) => inDistrict(o) && o.path.length >= 4);
    const streetLeaves = districtLeaves.filter((o) => o.path.includes(STREET));
    const communityLeaves = districtLeaves.filter((o) => o.path.includes(COMMUNITY));
    const otherStreets = tree[2]!.filter((o) => !inDistrict(o));

    const staff = async (key: string, orgId: string) => {
      const userId = `bench-${key}-staff`;
      await putUserWithIdentity(
        { id: userId, role: 'staff', displayName: `${key}工作人员`, actingOrgId: orgId, createdAt: '2026-01-01T00:00:00.000Z' },
        devOpenidHash(userId),
      );
      return (await signSession({ userId, role: 'staff', actingOrgId: orgId })).token;
    };
    const districtToken = await staff('district', DISTRICT);
    const streetToken = await staff('street', STREET);
    const communityToken = await staff('community', COMMUNITY);

    const random = data.mulberry32(15);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    let phone = 0;
    const newMember = async (org: Org, name: string) => {
      const userId = `bench-mc-${pad(phone, 7)}`;
      const mobile = `137${pad(phone++, 8)}`;
      const joinedAt = new Date(Date.now() - 400 * DAY).toISOString();
      const result = await createMember(
        {
          userId,
          name,
          mobile,
          employer: '美团',
          occupation: 'food-delivery',
          newEmploymentForm: true,
          orgId: org.id,
          status: 'active',
          joinedAt,
          cardRequest: 'none',
          history: [{ at: joinedAt, what: '提交入会申请' }],
        } as Parameters<typeof createMember>[0],
        org.path,
      );
      if (!('created' in result)) throw new Error(`member ${userId} not created`);
      return { userId, memberNo: result.created.memberNo, org };
    };
    const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
    const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
    const someName = () => `${pick([...SURNAMES])}${pick([...GIVEN])}${random() < 0.6 ? pick([...GIVEN]) : ''}`;

    // ================================================================================================
    // Draws
    // ================================================================================================
    if (PARTS.includes('draws')) {
      const { newSeed, putDraw, putDrawClose, runDraw, getDraw, ORDER_CHUNK } = await import('../functions/tables/draws');
      const { putActivity, getActivity } = await import('../functions/tables/activities');
      const { encodeCursor } = await import('../functions/lib/cursor');
      const { loadDraw, verifyDraw } = await import('../scripts/verify-draw');

      // the draw, as publishing stores it: the seed first, then the activity with its commitment
      const now = Date.now();
      const district = byId.get(DISTRICT)!;
      const activityId = `ac-bench-draw-${randomUUID().slice(0, 8)}`;
      const { seed, commitment } = newSeed();
      const closesAt = new Date(now + 7 * DAY).toISOString();
      await putDraw(activityId, seed, commitment, closesAt);
      await putActivity(
        {
          id: activityId,
          orgId: DISTRICT,
          title: '朝阳区职工子女暑期托管班摇号',
          description: '基准测试',
          category: 'class',
          place: '朝阳区职工之家',
          startsAt: new Date(now + 14 * DAY).toISOString(),
          endsAt: new Date(now + 14 * DAY + 8 * HOUR).toISOString(),
          signupOpensAt: new Date(now - DAY).toISOString(),
          signupClosesAt: closesAt,
          capacity: PLACES,
          perMemberLimit: 3,
          eligibility: {
            activeMember: true,
            subtreeOnly: true,
            newEmploymentOnly: false,
            womenOnly: false,
            children: { minAge: 3, maxAge: 12 },
          },
          waitlist: true,
          holdMinutes: 120,
          confirmed: 0,
          createdAt: new Date(now - DAY).toISOString(),
          createdBy: 'bench-district-staff',
          allocation: 'draw',
          ...(NOSHOW ? { noShow: { missed: 2, of: 3 } } : {}),
          draw: { commitment },
        },
        district.path,
      );

      // the applicants: active members of 朝阳's unions
      t = Date.now();
      const applicants: { userId: string; token: string; children: { name: string; age: number }[] }[] = [];
      await data.pool(
        Array.from({ length: APPLICANTS }, (_, i) => i),
        48,
        async (i) => {
          const m = await newMember(pick(districtLeaves), someName());
          const family = random() < FAMILY_SHARE ? 2 + Math.floor(random() * 2) : 1;
          applicants[i] = {
            userId: m.userId,
            token: (await signSession({ userId: m.userId, role: 'worker', actingOrgId: null })).token,
            children: Array.from({ length: family }, (_, c) => ({ name: `孩子${c + 1}`, age: 3 + ((i + c) % 10) })),
          };
        },
      );
      log(`draw: ${fmt(APPLICANTS)} members in ${secs(Date.now() - t)}`);

      // applying: the first 50 alone (each counted), the rest CONCURRENCY at a time (counted together)
      const apply = (a: (typeof applicants)[number]) =>
        call('POST /activities/{activityId}/signups', a.token, {
          params: { activityId },
          body: { clientRequestId: randomUUID(), children: a.children },
        });
      const single: Measure[] = [];
      const singleMs: number[] = [];
      const alone = Math.min(50, applicants.length);
      for (const a of applicants.slice(0, alone)) {
        const t0 = performance.now();
        const { result, measure: m } = await measure(() => apply(a));
        singleMs.push(performance.now() - t0);
        if (ok(result, 'apply').signup && (result.body.signup as { status: string }).status !== 'applied') throw new Error('not applied');
        single.push(m);
      }
      t = Date.now();
      const bulk = await measure(() =>
        data.pool(applicants.slice(alone), CONCURRENCY, async (a) => {
          ok(await apply(a), 'apply');
        }),
      );
      const applyMs = Date.now() - t;
      const entries = applicants.length;
      const places = applicants.reduce((n, a) => n + a.children.length, 0);
      log(`draw: ${fmt(entries)} applications (${fmt(places)} places asked) in ${secs(applyMs)} after the first ${alone}`);

      // the close: moved to a moment ago, as staff's edit would (the draw item's close with it)
      const closed = new Date(Date.now() - 1000).toISOString();
      await db().send(
        new UpdateCommand({
          TableName: tableName('activities'),
          Key: { id: activityId },
          UpdateExpression: 'SET signupClosesAt = :c',
          ExpressionAttributeValues: { ':c': closed },
        }),
      );
      await putDrawClose(activityId, closed);

      // 开始摇号 (district staff), then the sweeper's share until every entry has its outcome
      let t0 = performance.now();
      const staffRun = await measure(() => call('POST /staff/activities/{activityId}/draw', districtToken, { params: { activityId } }));
      const staffMs = performance.now() - t0;
      const answered = ok(staffRun.result, 'draw');
      const total: Measure = { ...staffRun.measure, by: { ...staffRun.measure.by } };
      const add = (m: Measure) => {
        total.requests += m.requests;
        total.itemsRead += m.itemsRead;
        total.itemsWritten += m.itemsWritten;
        total.bytes += m.bytes;
        for (const [k, n] of Object.entries(m.by)) total.by[k] = (total.by[k] ?? 0) + n;
      };
      let sweeps = 0;
      let sweepMs = 0;
      for (;;) {
        const draw = (await getDraw(activityId, true))!;
        if (draw.allocatedAt) break;
        if (++sweeps > 20) throw new Error('allocation did not finish');
        const activity = (await getActivity(activityId, true))!;
        t0 = performance.now();
        const run = await measure(() => runDraw(activity, new Date(), Date.now() + 40_000));
        sweepMs += performance.now() - t0;
        add(run.measure);
      }
      const draw = (await getDraw(activityId, true))!;
      const activity = (await getActivity(activityId, true))!;
      log(`draw: drawn and allocated in ${secs(staffMs + sweepMs)} (${sweeps} sweeper runs after the staff call)`);

      // the published order, a page at a time
      const page = (k: number) =>
        call('GET /activities/{activityId}/draw', undefined, {
          params: { activityId },
          ...(k ? { query: { cursor: encodeCursor({ k }) } } : {}),
        });
      const pageMeasures: { k: number; m: Measure; ms: number; entries: number }[] = [];
      const fetchPage = (async (url: URL) => {
        const cursor = url.searchParams.get('cursor');
        const k = cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { k: number }).k : 0;
        const t1 = performance.now();
        const { result, measure: m } = await measure(() =>
          call('GET /activities/{activityId}/draw', undefined, { params: { activityId }, ...(cursor ? { query: { cursor } } : {}) }),
        );
        pageMeasures.push({ k, m, ms: performance.now() - t1, entries: (result.body.entries as unknown[]).length });
        return { ok: result.status === 200, status: result.status, json: async () => result.body };
      }) as unknown as typeof fetch;
      t0 = performance.now();
      const verdict = verifyDraw(await loadDraw(`http://bench.local/activities/${activityId}/draw`, fetchPage));
      const verifyMs = performance.now() - t0;
      const firstPage = await measure(() => page(0));
      const lastPage = await measure(() => page((draw.chunks ?? 1) - 1));

      const applyBy = fresh();
      for (const m of single) for (const [k, n] of Object.entries(m.by)) applyBy.by[k] = (applyBy.by[k] ?? 0) + n / single.length;
      const perApp = single.map((m) => m.requests);
      say(`## Draws: ${fmt(entries)} applications for ${fmt(PLACES)} places${NOSHOW ? ' (no-show rule 2 of 3)' : ''}`);
      say();
      say(`| figure | value |`);
      say(`|---|---|`);
      say(
        `| applications | ${fmt(entries)} (${fmt(applicants.filter((a) => a.children.length > 1).length)} families of 2–3), ${fmt(places)} places asked |`,
      );
      say(
        `| applying, one at a time (first ${alone}) | ${Math.min(...perApp)}–${Math.max(...perApp)} requests, items written ${single[0]!.itemsWritten} each; p50 ${percentile(singleMs, 50).toFixed(1)} ms |`,
      );
      say(
        `| applying, ${CONCURRENCY} in flight (the other ${fmt(entries - alone)}) | ${(bulk.measure.requests / (entries - alone)).toFixed(2)} requests per application, ${(bulk.measure.itemsWritten / (entries - alone)).toFixed(2)} items written; ${fmt(Math.round(((entries - alone) / applyMs) * 1000))} /s |`,
      );
      say(`| 开始摇号 (POST …/draw), wall time | ${secs(staffMs)}: ${JSON.stringify(answered)} |`);
      say(`| sweeper runs to finish the allocation | ${sweeps}, ${secs(sweepMs)} |`);
      say(
        `| draw run in all (staff call + sweeper) | **${secs(staffMs + sweepMs)}**: ${fmt(total.requests)} requests, ${fmt(total.itemsRead)} items read, ${fmt(total.itemsWritten)} items written, ${kb(total.bytes)} received |`,
      );
      say(`| chunks written (≤ ${ORDER_CHUNK} entries each) | ${draw.chunks} |`);
      say(
        `| outcome | won ${fmt(draw.won ?? 0)} entries / ${fmt(draw.placesWon ?? 0)} places, waitlisted ${fmt(draw.waitlisted ?? 0)}; activity confirmed ${fmt(activity.confirmed)} |`,
      );
      say(
        `| GET …/draw page 1 | ${firstPage.measure.requests} requests, ${firstPage.measure.itemsRead} items read, ${kb(firstPage.measure.bytes)}, ${(firstPage.result.body.entries as unknown[]).length} entries |`,
      );
      say(
        `| GET …/draw last page (${draw.chunks}) | ${lastPage.measure.requests} requests, ${lastPage.measure.itemsRead} items read, ${kb(lastPage.measure.bytes)}, ${(lastPage.result.body.entries as unknown[]).length} entries |`,
      );
      const pr = pageMeasures.map((p) => p.m.requests);
      const pi = pageMeasures.map((p) => p.m.itemsRead);
      say(
        `| every page (${pageMeasures.length}) | requests ${Math.min(...pr)}–${Math.max(...pr)}, items read ${Math.min(...pi)}–${Math.max(...pi)}, p50 ${percentile(
          pageMeasures.map((p) => p.ms),
          50,
        ).toFixed(1)} ms |`,
      );
      say(
        `| verify-draw over all pages | ${verdict.ok ? `**一致** (${fmt(verdict.entries)} entries${verdict.moved ? `, ${verdict.moved} moved` : ''})` : `**不一致**: ${verdict.difference}`}, ${secs(verifyMs)} |`,
      );
      say();
      say(
        `applying (mean of the first ${alone}): ${Object.entries(applyBy.by)
          .map(([k, n]) => `${k} ×${n.toFixed(2)}`)
          .join(', ')}`,
      );
      say(`draw run: ${byOf(total)}`);
      say(`GET …/draw page 1: ${byOf(firstPage.measure)}`);
      say();
      if (!verdict.ok) process.exitCode = 1;
      if (activity.confirmed !== draw.placesWon) {
        say(`MISMATCH: activity confirmed ${activity.confirmed} ≠ places won ${draw.placesWon}`);
        process.exitCode = 1;
      }
    }

    // ================================================================================================
    // Claims
    // ================================================================================================
    if (PARTS.includes('claims')) {
      const { startClaim, replaceSlots, submitClaim, getClaim } = await import('../functions/tables/claims');
      const { reviewClaim } = await import('../functions/tables/claim-review');
      const { CLAIM_RULES_TEMPLATE, CLAIM_CONSENT_VERSION, ClaimItemRule } = await import('../shared/schemas/claim');
      const { beijingDate } = await import('../shared/beijing-time');
      const checklist = CLAIM_RULES_TEMPLATE.events[0]!.items.map((i) => ClaimItemRule.parse(i));
      const planId = `ac-bench-plan-${randomUUID().slice(0, 8)}`;
      const now = Date.now();

      /** A claim of `m`, started and submitted `daysAgo` days ago (three pages in its slots). */
      const claimOf = async (m: { userId: string; org: Org }, daysAgo: number, submit = true) => {
        const at = new Date(now - daysAgo * DAY - Math.floor(random() * 8 * HOUR));
        const { claim } = await startClaim(
          {
            activityId: planId,
            planTitle: '职工重大疾病互助保障',
            planOrgId: 'beijing',
            memberId: m.userId,
            memberOrgId: m.org.id,
            memberOrgPath: m.org.path as string[],
            event: 'critical-illness',
            eventLabel: '重大疾病',
            eventDate: beijingDate(new Date(at.getTime() - 10 * DAY)),
            deadline: '2099-01-01',
            checklist,
            consentVersion: CLAIM_CONSENT_VERSION,
            consentAt: at.toISOString(),
          },
          randomUUID(),
          at,
        );
        const pageOf = (item: string) => {
          const id = randomUUID();
          const base = `claims/${claim.id}/${item}/${id}`;
          return { id, key: `${base}.jpg`, thumbKey: `${base}-thumb.jpg`, addedAt: at.toISOString() };
        };
        const slots = {
          ...claim.slots,
          diagnosis: { pages: [pageOf('diagnosis'), pageOf('diagnosis')] },
          'id-card': { pages: [pageOf('id-card')] },
        };
        if (!(await replaceSlots(claim, slots, at))) throw new Error('pages not added');
        if (!submit) return claim;
        const submitted = await submitClaim((await getClaim(claim.id))!, '提交申请', at);
        if (!submitted) throw new Error('not submitted');
        return submitted;
      };

      // claimants: 朝阳 (a tenth in 朝阳第1街道, 60 in its first community), and other districts' streets
      t = Date.now();
      const focusCommunity = Math.min(60, CLAIMS);
      const focusStreet = Math.max(focusCommunity, Math.round(CLAIMS / 10));
      const homes: Org[] = [
        ...Array.from({ length: focusCommunity }, () => pick(communityLeaves)),
        ...Array.from({ length: focusStreet - focusCommunity }, () => pick(streetLeaves)),
        ...Array.from({ length: CLAIMS - focusStreet }, () => pick(districtLeaves)),
        ...Array.from({ length: OTHER_CLAIMS }, () => pick(otherStreets)),
      ];
      const claims: { id: string; org: Org; memberId: string; version: number }[] = [];
      await data.pool(homes, 48, async (org, i) => {
        const m = await newMember(org, someName());
        const c = await claimOf(m, Math.floor(random() * 29));
        claims[i] = { id: c.id, org, memberId: m.userId, version: c.version };
      });
      // a tenth of 朝阳's closed (half paid, half rejected), and 200 drafts: neither is in the open list
      const chaoyangClaims = claims.filter((c) => inDistrict(c.org));
      const toClose = chaoyangClaims.filter((_, i) => i % 10 === 9);
      await data.pool(toClose, 16, async (c, i) => {
        if (i % 2 === 0) {
          const approved = await reviewClaim(c.id, { action: 'approve', version: c.version, amountFen: 300_000 }, '王*');
          await reviewClaim(
            c.id,
            { action: 'paid', version: approved.claim.version, paidFen: 300_000, paidOn: beijingDate(new Date()) },
            '王*',
          );
        } else await reviewClaim(c.id, { action: 'reject', version: c.version, reason: '不在保障范围内' }, '王*');
      });
      const closedIds = new Set(toClose.map((c) => c.id));
      await data.pool(
        Array.from({ length: 200 }, () => pick(districtLeaves)),
        48,
        async (org) => claimOf(await newMember(org, someName()), Math.floor(random() * 20), false),
      );
      // the member of 我的理赔: 25 claims
      const mine = await newMember(pick(communityLeaves), '王秀英');
      for (let i = 0; i < 25; i++) await claimOf(mine, i);
      const mineToken = (await signSession({ userId: mine.userId, role: 'worker', actingOrgId: null })).token;
      log(`claims: ${fmt(claims.length)} submitted, ${toClose.length} closed, 200 drafts, 25 of one member in ${secs(Date.now() - t)}`);

      const openIn = (orgId: string) =>
        claims.filter((c) => c.org.path.includes(orgId) && !closedIds.has(c.id)).length + (mine.org.path.includes(orgId) ? 25 : 0);

      // the staff list, walked to its end
      const walk = async (token: string, orgId: string) => {
        const pages: { m: Measure; rows: number; ms: number }[] = [];
        let cursor: string | undefined;
        const seen = new Set<string>();
        do {
          const t1 = performance.now();
          const { result, measure: m } = await measure(() => call('GET /staff/claims', token, cursor ? { query: { cursor } } : {}));
          const body = ok(result, 'open claims');
          const rows = body.claims as { id: string }[];
          for (const r of rows) seen.add(r.id);
          pages.push({ m, rows: rows.length, ms: performance.now() - t1 });
          cursor = body.nextCursor as string | undefined;
        } while (cursor);
        return { pages, listed: seen.size, expected: openIn(orgId) };
      };
      const lists = [
        { who: 'district (朝阳)', orgId: DISTRICT, token: districtToken },
        { who: 'street (朝阳第1街道)', orgId: STREET, token: streetToken },
        { who: 'community (its first community)', orgId: COMMUNITY, token: communityToken },
      ];
      say(
        `## Claims: ${fmt(claims.length)} submitted (${fmt(chaoyangClaims.length)} in 朝阳, ${toClose.length} of them closed), 200 drafts`,
      );
      say();
      say(
        '| staff list (GET /staff/claims) | open in subtree / listed | pages | page 1: requests, items read, received | page 2 | later page | every page: requests, items read (min–max) | p50 ms |',
      );
      say('|---|---|---|---|---|---|---|---|');
      const details: string[] = [];
      for (const l of lists) {
        const w = await walk(l.token, l.orgId);
        const cell = (p?: { m: Measure; rows: number }) =>
          p ? `${p.m.requests}, ${p.m.itemsRead}, ${kb(p.m.bytes)} (${p.rows} rows)` : '—';
        const later = w.pages.length > 2 ? w.pages[w.pages.length - 2] : undefined;
        const rq = w.pages.map((p) => p.m.requests);
        const it = w.pages.map((p) => p.m.itemsRead);
        say(
          `| ${l.who} | ${fmt(w.expected)} / ${fmt(w.listed)} | ${w.pages.length} | ${cell(w.pages[0])} | ${cell(w.pages[1])} | ${later ? `p${w.pages.length - 1}: ${cell(later)}` : '—'} | ${Math.min(...rq)}–${Math.max(...rq)}, ${Math.min(...it)}–${Math.max(...it)} | ${percentile(
            w.pages.map((p) => p.ms),
            50,
          ).toFixed(1)} |`,
        );
        details.push(`${l.who} page 1: ${byOf(w.pages[0]!.m)}`);
        if (w.expected !== w.listed) {
          details.push(`MISMATCH ${l.who}: ${w.expected} open, ${w.listed} listed`);
          process.exitCode = 1;
        }
      }
      say();

      // one claim through every step, as district staff
      const target = chaoyangClaims.find((c) => !closedIds.has(c.id) && c.org.path.includes(STREET))!;
      const steps: [string, Record<string, unknown>][] = [];
      const review = async (label: string, body: Record<string, unknown>) => {
        const { result, measure: m } = await measure(() =>
          call('POST /staff/claims/{claimId}/review', districtToken, { params: { claimId: target.id }, body }),
        );
        const claim = ok(result, label);
        steps.push([label, { requests: m.requests, items: m.itemsRead, written: m.itemsWritten, by: byOf(m) }]);
        return claim.version as number;
      };
      const viewed = await measure(() => call('GET /staff/claims/{claimId}', districtToken, { params: { claimId: target.id } }));
      steps.push([
        'view (GET /staff/claims/{id})',
        {
          requests: viewed.measure.requests,
          items: viewed.measure.itemsRead,
          written: viewed.measure.itemsWritten,
          by: byOf(viewed.measure),
        },
      ]);
      let v = ok(viewed.result, 'view').version as number;
      v = await review('request-items', { action: 'request-items', version: v, items: [{ item: 'invoice', note: '请补拍住院发票原件' }] });
      // the member adds the page and submits again (their routes; not measured here)
      const asked = (await getClaim(target.id))!;
      const pageId = randomUUID();
      await replaceSlots(asked, {
        ...asked.slots,
        invoice: {
          ...asked.slots.invoice!,
          pages: [
            {
              id: pageId,
              key: `claims/${target.id}/invoice/${pageId}.jpg`,
              thumbKey: `claims/${target.id}/invoice/${pageId}-thumb.jpg`,
              addedAt: new Date().toISOString(),
            },
          ],
        },
      });
      v = (await submitClaim((await getClaim(target.id))!, '补充材料：住院发票'))!.version;
      v = await review('approve', { action: 'approve', version: v, amountFen: 300_000 });
      v = await review('forward', { action: 'forward', version: v, reference: 'BJ-2026-0001' });
      v = await review('paid', { action: 'paid', version: v, paidFen: 300_000, paidOn: beijingDate(new Date()) });
      await review('paid again (a double tap)', { action: 'paid', version: v - 1, paidFen: 300_000, paidOn: beijingDate(new Date()) });
      const rejectTarget = chaoyangClaims.find((c) => !closedIds.has(c.id) && c.id !== target.id)!;
      const rejected = await measure(() =>
        call('POST /staff/claims/{claimId}/review', districtToken, {
          params: { claimId: rejectTarget.id },
          body: { action: 'reject', version: rejectTarget.version, reason: '不在保障范围内' },
        }),
      );
      ok(rejected.result, 'reject');
      steps.push([
        'reject',
        {
          requests: rejected.measure.requests,
          items: rejected.measure.itemsRead,
          written: rejected.measure.itemsWritten,
          by: byOf(rejected.measure),
        },
      ]);
      say('| review step (district staff) | requests | items read | items written | by command |');
      say('|---|---|---|---|---|');
      for (const [label, s] of steps) say(`| ${label} | ${s.requests} | ${s.items} | ${s.written} | ${s.by} |`);
      say();

      // 我的理赔
      const myFirst = await measure(() => call('GET /me/claims', mineToken));
      const myNext = await measure(() =>
        call('GET /me/claims', mineToken, { query: { cursor: ok(myFirst.result, 'my claims').nextCursor as string } }),
      );
      say(
        `我的理赔 (GET /me/claims, 25 claims): page 1 ${myFirst.measure.requests} requests, ${myFirst.measure.itemsRead} items, ${(myFirst.result.body.claims as unknown[]).length} rows (${byOf(myFirst.measure)}); page 2 ${myNext.measure.requests} requests, ${myNext.measure.itemsRead} items, ${(ok(myNext.result, 'my claims p2').claims as unknown[]).length} rows`,
      );
      say();

      // the period report
      const today = beijingDate(new Date());
      const from = beijingDate(new Date(Date.now() - 29 * DAY));
      const reports = [
        { label: '朝阳, by day, 30 days', token: districtToken, query: { orgId: DISTRICT, unit: 'day', from, to: today } },
        {
          label: '朝阳, by month (the months of those days)',
          token: districtToken,
          query: { orgId: DISTRICT, unit: 'month', from: from.slice(0, 7), to: today.slice(0, 7) },
        },
        { label: 'its first community, by day, 30 days', token: communityToken, query: { orgId: COMMUNITY, unit: 'day', from, to: today } },
      ];
      say('| period report (GET /staff/figures) | requests | items read | claim figures | by command |');
      say('|---|---|---|---|---|');
      for (const r of reports) {
        const { result, measure: m } = await measure(() => call('GET /staff/figures', r.token, { query: r.query }));
        const body = ok(result, r.label);
        const c = body.claims as Record<string, number>;
        say(`| ${r.label} | ${m.requests} | ${m.itemsRead} | ${JSON.stringify(c)} | ${byOf(m)} |`);
      }
      const paidHere = toClose.filter((_, i) => i % 2 === 0).length + 1;
      say();
      say(
        `expected for 朝阳 over the 30 days: submitted ${fmt(chaoyangClaims.length + 25)} (a resubmit is not counted again), approved ${paidHere} (${fmt(paidHere * 300_000)} fen), paid ${paidHere}`,
      );
      for (const d of details) say(d);
      say();
    }
    log('done');
    console.log(`\nMember care (issue 15), stage ${STAGE}, ${new Date().toISOString()}\n`);
    for (const line of out) console.log(line);
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
