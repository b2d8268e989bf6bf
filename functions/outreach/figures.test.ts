import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import Papa from 'papaparse';
import { handler as createEvent } from './create-event';
import { handler as getEvent } from './get-event';
import { handler as orgReport } from './org-report';
import { handler as exportReport } from './export-report';
import { handler as createJoinCode } from '../join/create-join-code';
import { handler as joinUnion } from '../join/join-union';
import { handler as reviewMembership } from '../join/review-membership';
import { handler as createActivity } from '../activities/create-activity';
import { handler as signUp } from '../activities/sign-up';
import { handler as registerOnSite } from '../activities/register-on-site';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { recordRequests } from '../../test/functions-support/requests';
import { signSession } from '../lib/auth/session-token';
import { db, tableName } from '../lib/db';
import { readObject } from '../lib/s3';
import { putUserWithIdentity } from '../tables/users';
import { createMember, reapplyMember, setStatus } from '../tables/members';
import { figuresOf } from '../tables/join-codes';
import { dayPeriod, monthPeriod, readStats } from '../tables/stats';
import { beijingDate } from '../../shared/beijing-time';

/**
 * Counters where things happen and the period reports read from them (issue 12, docs/outreach.md),
 * on DynamoDB Local. The scenario runs on a Beijing day of its own, years ahead (Date alone is
 * faked; timers run), so the day's and the month's stats items hold exactly what this file made.
 */

const hour = 3600_000;
/** 10:30 Beijing on a day in 2070–2089 (outreach.test.ts uses 2040–2059). */
const NOW = new Date(Date.UTC(2070, 0, 1) + Math.floor(Math.random() * 20 * 365) * 86_400_000 + 2.5 * hour);
const DAY = beijingDate(NOW);
const MONTH = DAY.slice(0, 7);
const STREET = 'fengtai-lugouqiao';
const PATH = ['beijing', 'fengtai', STREET];

let cityToken: string;
let eventId: string;
let codeId: string;
let codeToken: string;
const workers: { session: string; mobile: string; userId: string }[] = [];

const staff = () => tokenFor('staff');
const report = async (token: string, query: Record<string, string>) => invoke(orgReport, { query, token });

/** Date alone is NOW (timers run): the export test goes back to real time for its signed links. */
const fakeClock = () =>
  jest.useFakeTimers({
    now: NOW,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });

beforeAll(async () => {
  fakeClock();
  await putUserWithIdentity(
    {
      id: 'figures-city-admin',
      role: 'admin',
      displayName: '市总统计员',
      actingOrgId: 'beijing',
      createdAt: NOW.toISOString(),
      sessionVersion: 0,
    },
    `figures-city-admin-identity-${randomUUID()}`,
  ).catch(() => undefined); // a second run finds them there
  cityToken = (await signSession({ userId: 'figures-city-admin', role: 'admin', actingOrgId: 'beijing' })).token;
});
afterAll(() => jest.useRealTimers());

/** The `joins` / `activities` / `events` counters of an org (or event) for the day and the month of NOW. */
async function statsOf(id: string) {
  const read = await readStats(id, [dayPeriod(NOW), monthPeriod(NOW)], ['events', 'joins', 'activities']);
  return { day: read[dayPeriod(NOW)]!, month: read[monthPeriod(NOW)]! };
}

describe('counters where things happen', () => {
  it('a join through an event’s code counts on the code, the street, the district, the city and the event', async () => {
    const created = await invoke(createEvent, {
      method: 'POST',
      token: await staff(),
      body: {
        hostOrgId: STREET,
        kind: 'worker',
        name: '统计测试沟通会',
        place: '卢沟桥文化广场',
        location: { lat: 39.85, lng: 116.22 },
        startsAt: new Date(NOW.getTime() - hour).toISOString(),
        endsAt: new Date(NOW.getTime() + 3 * hour).toISOString(),
        services: [{ key: 'haircut' }],
        clientRequestId: randomUUID(),
      },
    });
    expect(created.status).toBe(201);
    eventId = created.body.event.id;

    const code = await invoke(createJoinCode, { method: 'POST', token: await staff(), body: { orgId: STREET, eventId } });
    expect(code.status).toBe(201);
    expect(code.body).toMatchObject({ eventId, event: { title: '统计测试沟通会', date: DAY, place: '卢沟桥文化广场' } });
    codeId = code.body.id;
    codeToken = code.body.token;
    const event = await invoke(getEvent, { params: { eventId }, token: await staff() });
    expect(event.body.joinCodeIds).toEqual([codeId]);

    for (const occupation of ['food-delivery', 'cleaner']) {
      const userId = `w-${randomUUID()}`;
      const session = (await signSession({ userId, role: 'worker', actingOrgId: null })).token;
      const mobile = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const joined = await invoke(joinUnion, {
        method: 'POST',
        params: { token: codeToken },
        token: session,
        body: { name: '王小明', mobile, employer: '美团', occupation, consent: true },
      });
      expect(joined.status).toBe(201);
      workers.push({ session, mobile, userId });
    }

    const joins = { applied: 2, 'occ:food-delivery': 1, 'occ:cleaner': 1, newForm: 1, h10: 2 };
    for (const id of [...PATH, eventId]) {
      const { day, month } = await statsOf(id);
      expect({ id, day: day.joins, month: month.joins }).toEqual({ id, day: joins, month: joins });
    }
    const { Item } = await db().send(new GetCommand({ TableName: tableName('joinCodes'), Key: { id: codeId } }));
    expect(figuresOf(Item!).joins).toBe(2);
    // the event itself was counted when made (by kind, on its start day), on the org path only
    expect((await statsOf('fengtai')).day.events).toEqual({ worker: 1, total: 1 });
    expect((await statsOf(eventId)).day.events).toBeUndefined();
  });

  it('a returned application sent again is not counted again; an approval adds `approved` on the org path only', async () => {
    const [first, second] = workers as [(typeof workers)[0], (typeof workers)[0]];
    const review = async (memberId: string, body: Record<string, unknown>) =>
      invoke(reviewMembership, { method: 'POST', params: { memberId }, body, token: await staff() });
    expect((await review(second.userId, { decision: 'reject', reason: '单位名称不完整' })).status).toBe(200);
    const again = await invoke(joinUnion, {
      method: 'POST',
      params: { token: codeToken },
      token: second.session,
      body: { name: '王小明', mobile: second.mobile, employer: '美团外卖', occupation: 'cleaner', consent: true },
    });
    expect(again.status).toBe(201);
    expect((await review(first.userId, { decision: 'approve' })).status).toBe(200);
    expect((await review(second.userId, { decision: 'approve' })).status).toBe(200);

    for (const id of PATH) {
      const { day, month } = await statsOf(id);
      expect({ id, applied: day.joins?.applied, approved: day.joins?.approved, month: month.joins?.approved }).toEqual({
        id,
        applied: 2,
        approved: 2,
        month: 2,
      });
    }
    expect((await statsOf(eventId)).day.joins).toEqual({ applied: 2, 'occ:food-delivery': 1, 'occ:cleaner': 1, newForm: 1, h10: 2 });
  });

  it('a sign-up (the member’s own, or staff registering on site) adds `signups` on the activity’s org path and its event', async () => {
    const activity = await invoke(createActivity, {
      method: 'POST',
      token: await staff(),
      body: {
        orgId: STREET,
        eventId,
        title: '沟通会义诊',
        category: 'service',
        place: '卢沟桥文化广场',
        startsAt: new Date(NOW.getTime() + hour).toISOString(),
        endsAt: new Date(NOW.getTime() + 2 * hour).toISOString(),
        signupOpensAt: new Date(NOW.getTime() - hour).toISOString(),
        signupClosesAt: new Date(NOW.getTime() + hour).toISOString(),
        capacity: 10,
      },
    });
    expect(activity.status).toBe(201);
    expect(activity.body.eventId).toBe(eventId);
    const activityId = activity.body.id as string;
    const own = await invoke(signUp, {
      method: 'POST',
      params: { activityId },
      token: workers[0]!.session,
      body: { clientRequestId: randomUUID() },
    });
    expect(own.status).toBe(201);
    const registered = await invoke(registerOnSite, {
      method: 'POST',
      params: { activityId },
      token: await staff(),
      body: { mobile: workers[1]!.mobile },
    });
    expect(registered.status).toBe(201);
    // a repeated registration creates nothing, counts nothing
    const replay = await invoke(registerOnSite, {
      method: 'POST',
      params: { activityId },
      token: await staff(),
      body: { mobile: workers[1]!.mobile },
    });
    expect(replay.body.created).toBe(false);

    for (const id of [...PATH, eventId]) {
      const { day, month } = await statsOf(id);
      expect({ id, day: day.activities, month: month.activities }).toEqual({ id, day: { signups: 2 }, month: { signups: 2 } });
    }
  });

  it('an event takes at most 10 join codes; a code or an activity naming an unknown event or one out of scope is refused in Chinese', async () => {
    for (let i = 1; i < 10; i++) {
      expect((await invoke(createJoinCode, { method: 'POST', token: await staff(), body: { orgId: STREET, eventId } })).status).toBe(201);
    }
    const eleventh = await invoke(createJoinCode, { method: 'POST', token: await staff(), body: { orgId: STREET, eventId } });
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.message).toBe('一场沟通会最多 10 个入会码');
    expect((await invoke(getEvent, { params: { eventId }, token: await staff() })).body.joinCodeIds).toHaveLength(10);

    const unknown = await invoke(createJoinCode, { method: 'POST', token: await staff(), body: { orgId: STREET, eventId: 'ev-nope' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.fieldErrors.eventId).toEqual(['找不到这场沟通会，请重新选择']);
    const shunyi = await tokenFor('shunyi-staff');
    const foreign = await invoke(createJoinCode, { method: 'POST', token: shunyi, body: { orgId: 'shunyi-houshayu', eventId } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe('只能关联本组织及下级组织的沟通会');
    const activity = await invoke(createActivity, {
      method: 'POST',
      token: shunyi,
      body: {
        orgId: 'shunyi-houshayu',
        eventId,
        title: '别处的活动',
        category: 'service',
        place: '后沙峪',
        startsAt: new Date(NOW.getTime() + hour).toISOString(),
        endsAt: new Date(NOW.getTime() + 2 * hour).toISOString(),
        signupOpensAt: new Date(NOW.getTime() - hour).toISOString(),
        signupClosesAt: new Date(NOW.getTime() + hour).toISOString(),
        capacity: null,
      },
    });
    expect(activity.status).toBe(403);
    expect(activity.body.fieldErrors.eventId).toEqual(['只能关联本组织及下级组织的沟通会']);
  });
});

describe('counters kept by the membership table itself', () => {
  it('a code that approves at once counts `approved` with the join (org path only); a returned application sent again through it counts the approval, not a second join', async () => {
    const tag = randomUUID().slice(0, 8);
    const path = [`fig-city-${tag}`, `fig-street-${tag}`];
    const event = `ev-fig-${tag}`;
    const at = new Date(NOW.getTime() + hour).toISOString(); // 11:30 Beijing
    const record = {
      userId: `w-${randomUUID()}`,
      name: '李小红',
      mobile: `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      employer: '闪送',
      occupation: 'courier' as const,
      newEmploymentForm: true,
      orgId: path[1]!,
      status: 'active' as const,
      joinedAt: at,
      eventId: event,
      cardRequest: 'none' as const,
      history: [],
    };
    const created = await createMember(record, path);
    expect('created' in created).toBe(true);
    const joins = { applied: 1, 'occ:courier': 1, newForm: 1, h11: 1 };
    for (const id of path) expect({ id, joins: (await statsOf(id)).day.joins }).toEqual({ id, joins: { ...joins, approved: 1 } });
    expect((await statsOf(event)).day.joins).toEqual(joins);

    // returned, then sent again through a code that approves at once
    const returned = await setStatus(record.userId, 'active', 'rejected', path, { at, what: '退回' }, '信息不全');
    expect(returned?.status).toBe('rejected');
    const again = await reapplyMember(returned!, { ...record, joinedAt: at }, [{ at, what: '重新提交' }], path);
    expect('reapplied' in again).toBe(true);
    for (const id of path) {
      const counted = (await statsOf(id)).day.joins;
      expect({ id, applied: counted?.applied, approved: counted?.approved }).toEqual({ id, applied: 1, approved: 2 });
    }
    expect((await statsOf(event)).day.joins).toEqual(joins);
  });
});

describe('period reports (GET /staff/figures)', () => {
  const expectedTotals = {
    meetings: 1,
    joins: 2,
    newEmploymentShare: 0.5,
    approved: 2,
    services: 0,
    leaflets: 0,
    consultations: 0,
    aidCards: 0,
    signups: 2,
    checkins: 0,
  };

  it('a street’s and the city’s report for the day and the month show exactly what was made; a sibling district sees none of it', async () => {
    for (const [token, orgId] of [
      [await staff(), STREET],
      [cityToken, 'beijing'],
      [cityToken, 'fengtai'],
    ] as const) {
      for (const query of [
        { orgId, unit: 'day', from: DAY, to: DAY },
        { orgId, unit: 'month', from: MONTH, to: MONTH },
      ]) {
        const reply = await report(token, query);
        expect(reply.status).toBe(200);
        expect({ orgId, unit: query.unit, ...reply.body.totals }).toMatchObject({ orgId, unit: query.unit, ...expectedTotals });
        expect(reply.body.totals.meetingsByKind).toEqual([
          { key: 'worker', label: '职工沟通会', count: 1 },
          { key: 'enterprise', label: '企业沟通会', count: 0 },
          { key: 'citywide', label: '市级统一沟通会', count: 0 },
        ]);
        const occupations = Object.fromEntries(
          reply.body.totals.joinsByOccupation.map((o: { label: string; count: number }) => [o.label, o.count]),
        );
        expect(occupations).toMatchObject({ 外卖配送员: 1, 保洁: 1, 快递员: 0 });
        expect(reply.body.periods).toEqual([
          { period: query.from, meetings: 1, joins: 2, services: 0, leaflets: 0, consultations: 0, aidCards: 0, signups: 2, checkins: 0 },
        ]);
        // the subtree's stations now: other test files make stations under these orgs too (stations-count.test.ts counts them exactly)
        expect(reply.body.stations).toEqual(expect.any(Number));
      }
    }
    const sibling = await report(cityToken, { orgId: 'shunyi', unit: 'day', from: DAY, to: DAY });
    expect(sibling.status).toBe(200);
    expect(sibling.body.totals).toMatchObject({ meetings: 0, joins: 0, approved: 0, signups: 0, newEmploymentShare: 0 });
  });

  it('a range of days has a row per day, oldest first, the day’s figures on its own row', async () => {
    const from = beijingDate(new Date(NOW.getTime() - 3 * 86_400_000));
    const reply = await report(await staff(), { orgId: STREET, unit: 'day', from, to: DAY });
    expect(reply.status).toBe(200);
    expect(reply.body.periods.map((p: { period: string }) => p.period)).toHaveLength(4);
    expect(reply.body.periods.map((p: { joins: number }) => p.joins)).toEqual([0, 0, 0, 2]);
    expect(reply.body.totals.joins).toBe(2);
  });

  it('sends a bounded number of requests whatever the range: 31 days in 5 BatchGets (sign-ups kept in 10 shards), a month in 1; the network’s alongside', async () => {
    // the report's own BatchGets; the network's (network-figures.test.ts counts them with candidates) are ≤ 4 more, and ≤ 4 per candidate (≤ 5)
    const cases = [
      { unit: 'day', from: DAY, to: DAY, stats: 1 },
      { unit: 'day', from: beijingDate(new Date(NOW.getTime() - 30 * 86_400_000)), to: DAY, stats: 5 },
      { unit: 'month', from: MONTH, to: MONTH, stats: 1 },
      { unit: 'month', from: `${Number(MONTH.slice(0, 4)) - 1}-${MONTH.slice(5)}`, to: MONTH, stats: 1 },
    ];
    for (const { stats, ...range } of cases) {
      const { result: reply, sent } = await recordRequests(() => report(cityToken, { orgId: 'beijing', ...range }));
      const { unit, from, to } = range;
      if (unit === 'month' && from !== to) {
        // 13 months from the same month a year back: over the limit
        expect(reply.status).toBe(400);
        continue;
      }
      expect(reply.status).toBe(200);
      const statsRequests = sent.filter((s) => s.table?.endsWith('-stats'));
      // the report's own: those reading the events family
      const own = statsRequests.filter((s) => JSON.stringify(s.input).includes('"events"'));
      expect({ unit, from, to, stats: own.length, kinds: [...new Set(statsRequests.map((s) => s.command))] }).toEqual({
        unit,
        from,
        to,
        stats,
        kinds: ['BatchGetItemCommand'],
      });
      const candidates = reply.body.network.candidates.length;
      expect(statsRequests.length).toBeLessThanOrEqual(stats + 4 + candidates * 4);
      // the caller's user (session check), the org, the stats, the candidates' Query: never a request per sub-org
      expect(sent.length).toBeLessThanOrEqual(statsRequests.length + 3);
    }
  });

  it('bad input is answered 400/403/404 in Chinese', async () => {
    const token = await staff();
    const cases: [Record<string, string>, number, string, string][] = [
      [{ orgId: STREET, unit: 'day', from: '2026-01-01', to: '2026-02-01' }, 400, 'to', '按日统计最多 31 天，请缩短日期范围或改为按月'],
      [{ orgId: STREET, unit: 'month', from: '2025-01', to: '2026-01' }, 400, 'to', '按月统计最多 12 个月，请缩短日期范围'],
      [{ orgId: STREET, unit: 'day', from: '2026-03-02', to: '2026-03-01' }, 400, 'to', '结束日期不能早于开始日期'],
      [{ orgId: STREET, unit: 'day', from: '2026-11', to: '2026-11' }, 400, 'from', '日期格式不正确'],
      [{ orgId: STREET, unit: 'month', from: '2026-11-01', to: '2026-11-30' }, 400, 'from', '月份格式不正确'],
      [{ orgId: STREET, unit: 'day', from: '2026-02-30', to: '2026-03-01' }, 400, 'from', '没有这一天，请重新选择日期'],
      [{ orgId: STREET, unit: 'week', from: '2026-03-01', to: '2026-03-01' }, 400, 'unit', '请选择按日或按月'],
    ];
    for (const [query, status, field, message] of cases) {
      const reply = await report(token, query);
      expect({ query, status: reply.status, errors: reply.body.fieldErrors?.[field] }).toEqual({ query, status, errors: [message] });
    }
    // a sibling district, the city above: out of scope
    for (const orgId of ['shunyi', 'beijing', 'fengtai']) {
      const reply = await report(token, { orgId, unit: 'day', from: DAY, to: DAY });
      expect({ orgId, status: reply.status, message: reply.body.message }).toEqual({
        orgId,
        status: 403,
        message: '只能管理本组织及下级组织的内容',
      });
    }
    const missing = await report(token, { orgId: 'no-such-org', unit: 'day', from: DAY, to: DAY });
    expect(missing.status).toBe(404);
  });
});

describe('the report exported (POST /staff/figures/export)', () => {
  it('an .xlsx with a sheet per table and the same tables as a CSV with a BOM, behind 10-minute links', async () => {
    jest.useRealTimers(); // the links are signed now: s3rver checks their time
    const reply = await invoke(exportReport, {
      method: 'POST',
      token: cityToken,
      body: { orgId: 'fengtai', unit: 'day', from: DAY, to: DAY },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.filename).toBe(`统计报表_丰台区总工会_${DAY}至${DAY}.xlsx`);
    expect(Date.parse(reply.body.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    const key = (url: string) => decodeURIComponent(new URL(url).pathname.split('/').slice(2).join('/'));
    expect(key(reply.body.xlsxUrl)).toMatch(/^figures\/[0-9a-f-]{36}\/report\.xlsx$/);
    expect(new URL(reply.body.xlsxUrl).searchParams.get('X-Amz-Expires')).toBe('600');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readObject(key(reply.body.xlsxUrl)))! as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '汇总',
      '按日',
      '沟通会类型',
      '入会职业',
      '服务类型',
      '驿站网络',
      '最美驿站候选',
      '理赔',
    ]);
    const rows = (name: string) =>
      book
        .getWorksheet(name)!
        .getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1));
    const summary = Object.fromEntries(rows('汇总').slice(1) as [string, unknown][]);
    expect(summary).toMatchObject({
      组织: '丰台区总工会',
      '沟通会（场）': 1,
      '入会申请（人）': 2,
      其中新就业形态劳动者占比: '50.0%',
      '审核通过入会（人）': 2,
      '活动报名（人次）': 2,
    });
    expect(summary['生成时间（北京时间）']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(rows('按日')).toEqual([
      ['日期', '沟通会', '入会申请', '现场服务', '咨询', '宣传册', '互助服务卡', '活动报名', '活动签到'],
      [DAY, 1, 2, 0, 0, 0, 0, 2, 0],
    ]);
    expect(rows('沟通会类型')[1]).toEqual(['职工沟通会', 1]);
    expect(rows('入会职业')).toContainEqual(['外卖配送员', 1, '是']);
    expect(rows('入会职业')).toContainEqual(['保洁', 1, '否']);
    expect(rows('服务类型')[0]).toEqual(['服务', '人次']);

    const csv = (await readObject(key(reply.body.csvUrl)))!.toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<string[]>(csv.slice(1).trim(), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(['汇总']);
    expect(parsed).toContainEqual(['入会申请（人）', '2']);
    expect(parsed).toContainEqual([DAY, '1', '2', '0', '0', '0', '0', '2', '0']);
    expect(parsed).toContainEqual(['外卖配送员', '1', '是']);
  });

  it('bad input: out of scope → 403, a range too long → 400, in Chinese', async () => {
    const token = await staff();
    const outside = await invoke(exportReport, {
      method: 'POST',
      token,
      body: { orgId: 'shunyi', unit: 'month', from: '2026-01', to: '2026-02' },
    });
    expect(outside.status).toBe(403);
    const long = await invoke(exportReport, {
      method: 'POST',
      token,
      body: { orgId: STREET, unit: 'month', from: '2025-01', to: '2026-06' },
    });
    expect(long.status).toBe(400);
    expect(long.body.fieldErrors.to).toEqual(['按月统计最多 12 个月，请缩短日期范围']);
  });
});

describe('a sign-up is counted when it has a place', () => {
  it('one joining the waiting list adds nothing (it stays one Put); taking an offered place adds one, once', async () => {
    fakeClock();
    const { handler: cancelSignup } = await import('../activities/cancel-signup');
    const { handler: confirmOffer } = await import('../activities/confirm-offer');
    const people = await Promise.all(
      ['赵一', '钱二'].map(async (name) => {
        const userId = `w-${randomUUID()}`;
        const joinedAt = NOW.toISOString();
        const made = await createMember(
          {
            userId,
            name,
            mobile: `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
            employer: '京东',
            occupation: 'courier',
            newEmploymentForm: true,
            orgId: STREET,
            status: 'active',
            joinedAt,
            cardRequest: 'none',
            history: [{ at: joinedAt, what: '提交入会申请' }],
          },
          PATH,
        );
        expect('created' in made).toBe(true);
        return (await signSession({ userId, role: 'worker', actingOrgId: null })).token;
      }),
    );
    const activity = await invoke(createActivity, {
      method: 'POST',
      token: await staff(),
      body: {
        orgId: STREET,
        title: '一个名额的理发',
        category: 'service',
        place: '卢沟桥文化广场',
        startsAt: new Date(NOW.getTime() + 3 * hour).toISOString(),
        endsAt: new Date(NOW.getTime() + 4 * hour).toISOString(),
        signupOpensAt: new Date(NOW.getTime() - hour).toISOString(),
        signupClosesAt: new Date(NOW.getTime() + 2 * hour).toISOString(),
        capacity: 1,
      },
    });
    expect(activity.status).toBe(201);
    const params = { activityId: activity.body.id as string };
    const signups = async () => (await statsOf(STREET)).day.activities?.signups ?? 0;
    const before = await signups();

    const [first, second] = people as [string, string];
    const placed = await invoke(signUp, { method: 'POST', params, token: first, body: { clientRequestId: randomUUID() } });
    const waiting = await invoke(signUp, { method: 'POST', params, token: second, body: { clientRequestId: randomUUID() } });
    expect([placed.body.signup.status, waiting.body.signup.status]).toEqual(['confirmed', 'waitlisted']);
    expect(await signups()).toBe(before + 1);

    expect((await invoke(cancelSignup, { method: 'POST', params, token: first })).status).toBe(200);
    expect(await signups()).toBe(before + 1); // offered, not yet taken
    for (let i = 0; i < 2; i++) {
      const confirmed = await invoke(confirmOffer, { method: 'POST', params, token: second });
      expect(confirmed.body.status).toBe('confirmed');
    }
    expect(await signups()).toBe(before + 2);
  });
});
