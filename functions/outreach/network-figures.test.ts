import { randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { handler as orgReport } from './org-report';
import { handler as exportReport } from './export-report';
import { coveringPeriods, medianResolveHours, quarterMonthsSoFar } from './network-figures';
import { handler as createStation } from '../stations/create-station';
import { handler as getStationVisits } from '../network/get-station-visits';
import { handler as recordVisit } from '../network/record-visit';
import { invoke } from '../../test/functions-support/invoke';
import { recordRequests } from '../../test/functions-support/requests';
import { signSession } from '../lib/auth/session-token';
import { db, tableName } from '../lib/db';
import { doorToken } from '../lib/door-token';
import { readObject } from '../lib/s3';
import { scopeAttributes } from '../lib/scope-keys';
import { putOrg } from '../tables/orgs';
import { putUserWithIdentity } from '../tables/users';
import { statsSteps } from '../tables/stats';
import { beijingDate } from '../../shared/beijing-time';
import type { Org } from '../../shared/schemas/org';
import type { StationInput } from '../../shared/schemas/station';

/**
 * The station network's figures (issue 14, docs/station-network.md "Counters"): GET /staff/figures'
 * `network`, its export sheets and GET /staff/stations/{id}/visits, on DynamoDB Local. A tree of its
 * own (a city, a district, a street, a sibling district), so every counter read is one this file
 * wrote: counters written with statsSteps as the visit, inspection and report routes write them
 * (and one visit through the real route), best items as an inspection writes them.
 */

const tag = randomBytes(4).toString('hex');
const id = (suffix: string) => `nf${tag}${suffix}`;
const CITY = id('');
const DISTRICT = id('-d');
const STREET = id('-d-s');
const SIBLING = id('-b');
const org = (orgId: string, level: Org['level'], parentId: string | null, path: string[]): Org => ({
  id: orgId,
  code: `n${tag}${orgId.slice(2 + tag.length).replace(/-/g, '')}Y`,
  status: 'open',
  name: `网络统计${orgId.slice(2 + tag.length) || '市'}`,
  shortName: `网络${orgId.slice(-2)}`,
  level,
  parentId,
  path,
});
const orgs: Org[] = [
  org(CITY, 'city', null, [CITY]),
  org(DISTRICT, 'district', CITY, [CITY, DISTRICT]),
  org(STREET, 'street', DISTRICT, [CITY, DISTRICT, STREET]),
  org(SIBLING, 'district', CITY, [CITY, SIBLING]),
];
const pathOf = (orgId: string) => orgs.find((o) => o.id === orgId)!.path;

/** The report's range: a whole Beijing month, years back (nothing else counts there for these orgs). */
const MONTH = '2031-05';
const FROM = `${MONTH}-01`;
const TO = `${MONTH}-31`;
/** A Beijing time of that month, as UTC */
const at = (day: number, hour: number) => new Date(Date.UTC(2031, 4, day, hour - 8, 30)).toISOString();

let token: string;
let siblingToken: string;
const stations: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

const input = (orgId: string, overrides: Partial<StationInput> = {}): StationInput => ({
  name: '网络统计驿站',
  address: '测试路 14 号',
  orgId,
  kind: 'union-station',
  // near Lhasa, as the other station tests, so nearby searches elsewhere are unaffected
  location: { lat: 29.61, lng: 91.06 },
  amenities: ['hot-water'],
  hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
  photos: [],
  honours: [],
  status: 'open',
  ...overrides,
});

const count = (path: readonly string[], when: string, increments: Parameters<typeof statsSteps>[2]) =>
  db().send(new TransactWriteCommand({ TransactItems: statsSteps(path, when, increments) }));

/** A 最美驿站 candidate as an inspection writes it (tables/network.ts recordInspection). */
const putBest = (stationId: string, name: string, orgId: string, score: number, submittedAt: string) =>
  db().send(
    new PutCommand({
      TableName: tableName('network'),
      Item: {
        pk: `best#${stationId}`,
        sk: '-',
        stationId,
        name,
        orgId,
        score,
        submittedAt,
        inspectionId: `in-${randomUUID()}`,
        ...scopeAttributes(pathOf(orgId), 'best', `${String(100 - score).padStart(3, '0')}#${submittedAt}#${stationId}`),
      },
    }),
  );

beforeAll(async () => {
  for (const o of orgs) await putOrg(o);
  for (const [userId, orgId] of [
    [id('-admin'), CITY],
    [id('-sibling'), SIBLING],
  ] as const) {
    await putUserWithIdentity(
      { id: userId, role: 'admin', displayName: '网络统计员', actingOrgId: orgId, createdAt: new Date().toISOString(), sessionVersion: 0 },
      `network-figures-identity-${randomUUID()}`,
    );
  }
  token = (await signSession({ userId: id('-admin'), role: 'admin', actingOrgId: CITY })).token;
  siblingToken = (await signSession({ userId: id('-sibling'), role: 'admin', actingOrgId: SIBLING })).token;

  // two 24 h union stations in the street, a warm station (day hours) in the district
  const day = { allDay: false, weekly: [[{ open: '08:00', close: '20:00' }], [], [], [], [], [], []] };
  for (const [key, body] of [
    ['a', input(STREET, { name: '甲驿站' })],
    ['b', input(STREET, { name: '乙驿站' })],
    ['c', input(DISTRICT, { name: '丙驿站', kind: 'warm-station', hours: day })],
  ] as const) {
    const made = await invoke(createStation, { method: 'POST', body, token });
    expect(made.status).toBe(201);
    stations[key] = made.body.id;
  }

  // visits as the visit route counts them: on the station org's path and on st~<station>
  const visit = (station: 'a' | 'b' | 'c', orgId: string, when: string, hour: string, who: string, member: boolean) =>
    count([...pathOf(orgId), `st~${stations[station]}`], when, {
      visits: { total: 1, members: member ? 1 : 0, [hour]: 1, [`o${who}`]: 1 },
    });
  await visit('a', STREET, at(14, 10), 'h10', 'courier', true);
  await visit('a', STREET, at(14, 10), 'h10', 'food-delivery', true);
  await visit('a', STREET, at(14, 21), 'h21', 'non-member', false);
  await visit('b', STREET, at(20, 9), 'h09', 'non-member', false);
  await visit('c', DISTRICT, at(31, 23), 'h23', 'cleaner', true);
  // and one at 07:30 on the month's first day (23:30 the day before in UTC): in the month's figures
  await visit('a', STREET, at(1, 7), 'h07', 'courier', true);

  // inspections and problems on the station org's path; resolutions timed 30 min, 20 h and 40 days
  await count(pathOf(STREET), at(10, 11), { network: { inspections: 2, failedItems: 3, problemsOpened: 3 } });
  await count(pathOf(DISTRICT), at(11, 11), { network: { inspections: 1, problemsOpened: 1 } });
  await count(pathOf(STREET), at(12, 15), { network: { problemsResolved: 2, resolvele1h: 1, resolvele1d: 1 } });
  await count(pathOf(STREET), at(25, 15), { network: { problemsResolved: 1, resolvegt30d: 1 } });

  // inspected for the first time this quarter (now): one of the street's stations
  await count(pathOf(STREET), new Date().toISOString(), { network: { firstInQuarter: 1 } });

  await putBest(stations.a, '甲驿站', STREET, 90, at(10, 11));
  await putBest(stations.b, '乙驿站', STREET, 95, at(10, 12));
  await putBest(stations.c, '丙驿站', DISTRICT, 90, at(11, 11));
});

const report = (orgId: string, query: Record<string, string> = {}, as = token) =>
  invoke(orgReport, { query: { orgId, unit: 'day', from: FROM, to: TO, ...query }, token: as });

describe('the network figures of a period report (GET /staff/figures → network)', () => {
  it('the city: stations by kind and 24 h now, the month’s visits, inspections and problems, the median, overdue and the candidates', async () => {
    const reply = await report(CITY);
    expect(reply.status).toBe(200);
    expect(reply.body.network).toEqual({
      stationsByKind: { 'union-station': 2, 'warm-station': 1, 'outdoor-worker-station': 0, 'workers-home': 0, 'nursing-room': 0 },
      allDayStations: 2,
      // the visit of 05-01 07:30 is in the month too
      visits: 6,
      inspections: 3,
      // 3 stations, 1 inspected for the first time this quarter
      overdue: 2,
      problemsOpened: 4,
      problemsResolved: 3,
      // 30 min, 20 h, 40 days: the middle one is in the ≤ 1 day bucket
      medianResolveHours: 24,
      // best score first, then the most visits in the period
      candidates: [
        { stationId: stations.b, name: '乙驿站', score: 95, visits: 1 },
        { stationId: stations.a, name: '甲驿站', score: 90, visits: 4 },
        { stationId: stations.c, name: '丙驿站', score: 90, visits: 1 },
      ],
    });
  });

  it('the street sees its own: its two stations, their visits and candidates; the sibling district sees none of it', async () => {
    const street = await report(STREET, { from: `${MONTH}-14`, to: `${MONTH}-20` });
    expect(street.status).toBe(200);
    expect(street.body.network).toMatchObject({
      stationsByKind: { 'union-station': 2, 'warm-station': 0 },
      allDayStations: 2,
      visits: 4,
      inspections: 0,
      overdue: 1,
      problemsResolved: 0,
      candidates: [
        { stationId: stations.b, score: 95, visits: 1 },
        { stationId: stations.a, score: 90, visits: 3 },
      ],
    });
    expect(street.body.network.medianResolveHours).toBeUndefined();

    const byMonth = await report(DISTRICT, { unit: 'month', from: MONTH, to: MONTH });
    expect(byMonth.body.network).toMatchObject({ visits: 6, inspections: 3, problemsOpened: 4, medianResolveHours: 24 });

    const sibling = await report(SIBLING, {}, siblingToken);
    expect(sibling.status).toBe(200);
    expect(sibling.body.network).toMatchObject({ allDayStations: 0, visits: 0, inspections: 0, overdue: 0, candidates: [] });
    expect(sibling.body.network.medianResolveHours).toBeUndefined();
  });

  it('a bounded number of requests whatever the subtree: a whole month by day reads its month items, each candidate one BatchGet', async () => {
    const { result: reply, sent } = await recordRequests(() => report(CITY));
    expect(reply.status).toBe(200);
    const stats = sent.filter((s) => s.table?.endsWith('-stats'));
    // 31 days of the report's own families (435 keys: 5), the network's (the month item and this
    // quarter's months, 11 keys each: 1), a candidate's visits (the month item's 10 shards: 1 each)
    expect(stats.map((s) => s.command)).toEqual(Array(5 + 1 + 3).fill('BatchGetItemCommand'));
    const network = sent.filter((s) => s.table?.endsWith('-network'));
    expect(network.map((s) => [s.command, s.index])).toEqual([['QueryCommand', 'byScope0']]);
    expect(sent.length).toBeLessThanOrEqual(stats.length + network.length + 2); // + the caller and the org

    // 31 days that are not a whole month: each candidate's 31 days × 10 shards in 4 BatchGets
    const { sent: unaligned } = await recordRequests(() => report(CITY, { from: '2031-05-15', to: '2031-06-14' }));
    const unalignedStats = unaligned.filter((s) => s.table?.endsWith('-stats')).length;
    expect(unalignedStats).toBeLessThanOrEqual(5 + 4 + 3 * 4);
  });
});

describe('the network in the export (POST /staff/figures/export)', () => {
  it('a 驿站网络 sheet and a 最美驿站候选 sheet, Chinese headings, and the same rows in the CSV', async () => {
    const reply = await invoke(exportReport, { method: 'POST', token, body: { orgId: CITY, unit: 'day', from: FROM, to: TO } });
    expect(reply.status).toBe(200);
    const key = (url: string) => decodeURIComponent(new URL(url).pathname.split('/').slice(2).join('/'));
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
    expect(rows('驿站网络')).toEqual([
      ['项目', '数值'],
      ['工会驿站（现有，个）', 2],
      ['暖心驿站（现有，个）', 1],
      ['户外劳动者服务站点（现有，个）', 0],
      ['职工之家（现有，个）', 0],
      ['母婴关爱室（现有，个）', 0],
      ['24 小时开放驿站（现有，个）', 2],
      ['到访（人次）', 6],
      ['监督检查（次）', 3],
      ['本季度尚未检查的驿站（现在，个）', 2],
      ['反映的问题（个）', 4],
      ['已解决的问题（个）', 3],
      ['解决用时中位数（小时，按区间上限；720 即 30 天及以上）', 24],
    ]);
    expect(rows('最美驿站候选')).toEqual([
      ['名次', '驿站', '最近检查得分', '到访人次'],
      [1, '乙驿站', 95, 1],
      [2, '甲驿站', 90, 4],
      [3, '丙驿站', 90, 1],
    ]);
    const csv = (await readObject(key(reply.body.csvUrl)))!.toString('utf8');
    const parsed = Papa.parse<string[]>(csv.slice(1).trim(), { skipEmptyLines: true }).data;
    expect(parsed).toContainEqual(['驿站网络']);
    expect(parsed).toContainEqual(['24 小时开放驿站（现有，个）', '2']);
    expect(parsed).toContainEqual(['最美驿站候选']);
    expect(parsed).toContainEqual(['2', '甲驿站', '90', '4']);
  });
});

describe('a station’s visits (GET /staff/stations/{id}/visits)', () => {
  const visits = (stationId: string, from: string, to: string, as = token) =>
    invoke(getStationVisits, { params: { stationId }, query: { from, to }, token: as });

  it('per day oldest first, per Beijing hour and per occupation (non-members apart), from the station’s own counters', async () => {
    const reply = await visits(stations.a, `${MONTH}-13`, `${MONTH}-15`);
    expect(reply.status).toBe(200);
    const byHour = Array(24).fill(0);
    byHour[10] = 2;
    byHour[21] = 1;
    expect(reply.body).toEqual({
      days: [
        { day: `${MONTH}-13`, visits: 0 },
        { day: `${MONTH}-14`, visits: 3 },
        { day: `${MONTH}-15`, visits: 0 },
      ],
      byHour,
      byOccupation: {
        courier: 1,
        'food-delivery': 1,
        'ride-hailing': 0,
        'truck-driver': 0,
        sanitation: 0,
        security: 0,
        cleaner: 0,
        domestic: 0,
        other: 0,
        'non-member': 1,
      },
      members: 2,
      total: 3,
    });
  });

  it('a visit through the door’s QR today shows on today’s row (one transaction, counted on st~<station>)', async () => {
    const worker = (await signSession({ userId: `w-${randomUUID()}`, role: 'worker', actingOrgId: null })).token;
    const scanned = await invoke(recordVisit, {
      method: 'POST',
      params: { stationId: stations.b },
      body: { door: doorToken(stations.b) },
      token: worker,
    });
    expect(scanned.status).toBe(200);
    expect(scanned.body.counted).toBe(true);
    const today = beijingDate(new Date());
    const reply = await visits(stations.b, today, today);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ days: [{ day: today, visits: 1 }], members: 0, total: 1 });
    expect(reply.body.byOccupation['non-member']).toBe(1);
  });

  it('31 days are read in ≤ 4 BatchGets (10 shards a day); bad input is answered 400/403/404 in Chinese', async () => {
    const { result, sent } = await recordRequests(() => visits(stations.a, `${MONTH}-01`, `${MONTH}-31`));
    expect(result.status).toBe(200);
    expect(result.body.days).toHaveLength(31);
    expect(result.body.total).toBe(4);
    expect(sent.filter((s) => s.table?.endsWith('-stats')).length).toBe(4);

    const cases: [string, string, string, string][] = [
      [`${MONTH}-01`, '2031-06-01', 'to', '最多查看 31 天，请缩短日期范围'],
      [`${MONTH}-10`, `${MONTH}-09`, 'to', '结束日期不能早于开始日期'],
      ['2031-02-30', '2031-03-01', 'from', '日期格式应为 2026-11-26'],
    ];
    for (const [from, to, field, message] of cases) {
      const reply = await visits(stations.a, from, to);
      expect({ from, to, status: reply.status, errors: reply.body.fieldErrors?.[field] }).toEqual({
        from,
        to,
        status: 400,
        errors: [message],
      });
    }
    const malformed = await visits(stations.a, '2031/05/01', `${MONTH}-02`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.fieldErrors.from).toEqual(['日期格式应为 2026-11-26']);
    const outside = await visits(stations.a, FROM, TO, siblingToken);
    expect(outside.status).toBe(403);
    const missing = await visits('st-no-such-station', FROM, TO);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('找不到这个驿站');
  });
});

describe('the parts, on their own', () => {
  it('the median is the bucket holding the middle resolution, as its upper bound in hours', () => {
    expect(medianResolveHours({})).toBeUndefined();
    expect(medianResolveHours({ resolvele1h: 1 })).toBe(1);
    // an even number: the lower middle
    expect(medianResolveHours({ resolvele1h: 1, resolvele1d: 1 })).toBe(1);
    expect(medianResolveHours({ resolvele4h: 2, resolvele3d: 3 })).toBe(72);
    expect(medianResolveHours({ resolvele12h: 1, resolvele7d: 1, resolvele30d: 5 })).toBe(720);
    // over 30 days: 720, "720 or more"
    expect(medianResolveHours({ resolvegt30d: 3, resolvele1h: 1 })).toBe(720);
    expect(medianResolveHours({ problemsResolved: 4, inspections: 2 })).toBeUndefined();
  });

  it('a range of days reads a whole month as its month item; this quarter’s months up to now', () => {
    const days = (from: number, to: number, month = '2031-02') =>
      Array.from({ length: to - from + 1 }, (_, i) => `${month}-${String(from + i).padStart(2, '0')}`);
    expect(coveringPeriods('day', days(1, 28))).toEqual(['m2031-02']);
    expect(coveringPeriods('day', days(2, 28))).toEqual(days(2, 28).map((d) => `d${d}`));
    expect(coveringPeriods('day', [...days(28, 28, '2031-01'), ...days(1, 28)])).toEqual(['d2031-01-28', 'm2031-02']);
    expect(coveringPeriods('month', ['2031-01', '2031-02'])).toEqual(['m2031-01', 'm2031-02']);
    // Beijing time: 2031-03-31 17:00 UTC is April 1st in Beijing
    expect(quarterMonthsSoFar(new Date('2031-03-31T17:00:00Z'))).toEqual(['m2031-04']);
    expect(quarterMonthsSoFar(new Date('2031-03-31T15:00:00Z'))).toEqual(['m2031-01', 'm2031-02', 'm2031-03']);
    expect(quarterMonthsSoFar(new Date('2031-11-15T00:00:00Z'))).toEqual(['m2031-10', 'm2031-11']);
  });
});
