import { randomBytes, randomUUID } from 'node:crypto';
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { closedReportId, handler as reportLiveHandler, reportLiveStatus } from './report-live-status';
import { recordVisit } from './record-visit';
import { getLiveStation } from './live-station';
import { handler as recordVisitHandler } from './record-visit';
import { handler as findNearby } from '../stations/find-nearby-stations';
import { handler as getStation } from '../stations/get-station';
import { invoke } from '../../test/functions-support/invoke';
import { signSession } from '../lib/auth/session-token';
import { doorToken } from '../lib/door-token';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { getOrg } from '../tables/orgs';
import { db, tableName } from '../lib/db';
import { getReport, reportsPage, resolveReport } from '../tables/feedback';
import { getDue } from '../tables/network';
import { freshReadStats } from '../tables/station-index';
import { LIVE_REPORTS_PER_DAY, liveSteps, readStationLive, reportElement, summarise } from '../tables/station-live';
import { newStation, putStation } from '../tables/stations';
import { searchIndex } from '../stations/nearby/search';
import { beijingDate } from '../../shared/beijing-time';
import type { LiveStatusKind, LiveSummary } from '../../shared/schemas/live';
import type { NearbyStation, Station, StationInput } from '../../shared/schemas/station';

/**
 * Live status taps (docs/station-network.md): limited per account, replays add nothing, 门关着 from
 * two people in open hours opens one problem report, 一切正常 hides what came before, reports expire,
 * and the nearby list shows it all from the reads it made anyway. Stations around Chengdu (lat 30.7,
 * lng 104.1), apart from visits.test.ts's, owned by 卢沟桥街道.
 */
const tag = randomBytes(3).toString('hex');
const ORG = 'fengtai-lugouqiao';
const PATH = demoOrgs.find((o) => o.id === ORG)!.path;
let n = 0;
const ALL_DAY = { allDay: true, weekly: [[], [], [], [], [], [], []] };

async function station(extra: Partial<StationInput> = {}): Promise<Station> {
  const s = newStation(
    {
      name: `成都实时驿站${tag}${n}`,
      address: '四川省成都市测试路 2 号',
      orgId: ORG,
      kind: 'union-station',
      // each in a patch of its own, ~2 km apart
      location: { lat: 30.7 + n * 0.02 + Math.random() * 0.001, lng: 104.1 + Math.random() * 0.001 },
      amenities: ['hot-water'],
      hours: ALL_DAY,
      photos: [],
      honours: [],
      status: 'open',
      ...extra,
    },
    `st-live${tag}-${n++}`,
    new Date(),
  );
  expect(await putStation(s, PATH)).toBe(true);
  return s;
}

const someone = async () => {
  const userId = `l-${randomUUID()}`;
  return { userId, token: (await signSession({ userId, role: 'worker', actingOrgId: null })).token };
};
const tap = (stationId: string, token: string, status: LiveStatusKind, clientRequestId = randomUUID()) =>
  invoke(reportLiveHandler, { method: 'POST', params: { stationId }, body: { status, clientRequestId }, token });
const detail = async (stationId: string) => (await invoke(getStation, { params: { stationId }, token: (await someone()).token })).body;

describe('live status taps', () => {
  it('allows 6 taps an hour per account: the 7th is 429', async () => {
    const s = await station();
    const { userId } = await someone();
    const at = new Date(Math.floor(Date.now() / 3600_000) * 3600_000 + 60_000); // in one clock hour
    const outcomes: (number | string)[] = [];
    for (let i = 0; i < 7; i++)
      outcomes.push(
        await reportLiveStatus(s.id, userId, { status: 'no-hot-water', clientRequestId: randomUUID() }, at).then(
          () => 201,
          (e: { status: number; message: string }) => `${e.status} ${e.message}`,
        ),
      );
    expect(outcomes).toEqual([201, 201, 201, 201, 201, 201, '429 反映太频繁，请稍后再试']);
  });

  it('adds a replayed tap once and spends the allowance once', async () => {
    const s = await station();
    const { token } = await someone();
    const id = randomUUID();
    const replays = await Promise.all([1, 2, 3].map(() => tap(s.id, token, 'broken', id)));
    expect(replays.map((r) => r.status)).toEqual([201, 201, 201]);
    const items = await readStationLive(s, new Date(), true);
    expect([...(items[0]!.r as Set<string>)]).toHaveLength(1);
    // five more fit in the hour: the replays spent one
    const more = [];
    for (let i = 0; i < 6; i++) more.push((await tap(s.id, token, 'broken')).status);
    expect(more).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('shows two 门关着 in open hours as 2 people, opens one problem report in the org queue, and a third opens no other', async () => {
    const s = await station();
    const [a, b, c] = await Promise.all([someone(), someone(), someone()]);
    const first = await tap(s.id, a.token, 'closed');
    expect(first.status).toBe(201);
    expect(first.body.reports).toEqual([expect.objectContaining({ status: 'closed', people: 1 })]);
    expect(await getReport(closedReportId(s.id, new Date()))).toBeNull(); // one person is not enough

    const second = await tap(s.id, b.token, 'closed');
    expect(second.body.reports).toEqual([expect.objectContaining({ status: 'closed', people: 2, withinMinutes: expect.any(Number) })]);
    const report = await getReport(closedReportId(s.id, new Date()));
    expect(report).toMatchObject({
      stationId: s.id,
      orgId: ORG,
      type: 'closed-when-open',
      source: 'live',
      status: 'open',
      reporterName: '实时反馈',
    });
    const queue = await reportsPage((await getOrg(ORG))!, 'open', 50);
    expect(queue.reports.filter((r) => r.stationId === s.id).map((r) => r.source)).toEqual(['live']);
    expect(await getDue(s.id)).toMatchObject({ flagged: true }); // first in the overdue list

    await tap(s.id, c.token, 'closed');
    const again = await reportsPage((await getOrg(ORG))!, 'open', 50);
    expect(again.reports.filter((r) => r.stationId === s.id)).toHaveLength(1);
    expect((await detail(s.id)).live.reports).toEqual([expect.objectContaining({ status: 'closed', people: 3 })]);
  });

  it('does not open a report for 门关着 outside the open hours (shown, but not sent to inspection)', async () => {
    const s = await station({ status: 'temporarily-closed' });
    const [a, b] = await Promise.all([someone(), someone()]);
    await tap(s.id, a.token, 'closed');
    const second = await tap(s.id, b.token, 'closed');
    expect(second.body.reports).toEqual([expect.objectContaining({ status: 'closed', people: 2 })]);
    expect(await getReport(closedReportId(s.id, new Date()))).toBeNull();
  });

  it('hides what was reported before an 一切正常, and shows the 一切正常 until a problem comes after it', async () => {
    const s = await station();
    const [a, b] = await Promise.all([someone(), someone()]);
    const noon = new Date('2027-04-07T04:00:00Z');
    const at = (minutes: number) => new Date(noon.getTime() + minutes * 60_000);
    await reportLiveStatus(s.id, a.userId, { status: 'broken', clientRequestId: randomUUID() }, at(0));
    await reportLiveStatus(s.id, a.userId, { status: 'no-hot-water', clientRequestId: randomUUID() }, at(1));
    const ok = await reportLiveStatus(s.id, b.userId, { status: 'ok', clientRequestId: randomUUID() }, at(5));
    expect(ok.reports).toEqual([{ status: 'ok', people: 1, withinMinutes: 0, latestAt: at(5).toISOString() }]);
    // a problem after it stands again, and the 一切正常 before it no longer shows
    const later = await reportLiveStatus(s.id, a.userId, { status: 'broken', clientRequestId: randomUUID() }, at(8));
    expect(later.reports).toEqual([{ status: 'broken', people: 1, withinMinutes: 0, latestAt: at(8).toISOString() }]);
  });

  it('orders taps exactly, not by their minute: whichever came later stands, even seconds apart', async () => {
    const [a, b] = await Promise.all([someone(), someone()]);
    const noon = new Date('2027-04-09T04:00:10Z');
    const at = (ms: number) => new Date(noon.getTime() + ms);
    const statuses = (s: LiveSummary) => s.reports.map((r) => r.status);

    // 一切正常, then 门关着 from someone else two seconds later (same minute): 门关着 shows
    const first = await station();
    await said(first.id, a.userId, 'ok', at(0));
    const closed = await said(first.id, b.userId, 'closed', at(2_000));
    expect(closed.reports).toEqual([{ status: 'closed', people: 1, withinMinutes: 0, latestAt: at(2_000).toISOString() }]);
    expect(statuses(summarise(await readStationLive(first, at(2_000), true), at(5_000)))).toEqual(['closed']);

    // 门关着, then 一切正常 two seconds later: 一切正常 shows
    const second = await station();
    await said(second.id, a.userId, 'closed', at(0));
    expect(statuses(await said(second.id, b.userId, 'ok', at(2_000)))).toEqual(['ok']);

    // one person within one second: the later tap wins, either way round
    const third = await station();
    await said(third.id, a.userId, 'broken', at(100));
    expect(statuses(await said(third.id, a.userId, 'ok', at(600)))).toEqual(['ok']);
    expect(statuses(await said(third.id, a.userId, 'no-hot-water', at(900)))).toEqual(['no-hot-water']);
  });

  it('still reads report elements written with minutes only (before exact times), ordered by the start of their minute', () => {
    const minute = Math.floor(Date.parse('2027-04-09T04:00:00Z') / 60_000);
    const old = (code: string, who: string, m = minute) => `${m.toString(36)}.${code}.${who}`;
    const item = (...r: string[]) => [{ pk: 'wa#x', sk: `bits#key#${'20270409'}`, r: new Set(r) }];
    const at = (ms: number) => new Date(minute * 60_000 + ms);
    expect(summarise(item(old('h', 'aaaaaa'), old('b', 'bbbbbb', minute - 3)), at(30_000)).reports).toEqual([
      { status: 'no-hot-water', people: 1, withinMinutes: 1, latestAt: at(0).toISOString() },
      { status: 'broken', people: 1, withinMinutes: 4, latestAt: at(-180_000).toISOString() },
    ]);
    // an exact 一切正常 later in the same minute hides the old problem; a later exact problem stands
    const ok = reportElement('o', 'u1', 'st-1', at(20_000));
    expect(summarise(item(old('h', 'aaaaaa'), ok), at(30_000)).reports.map((r) => r.status)).toEqual(['ok']);
    const closed = reportElement('c', 'u2', 'st-1', at(25_000));
    expect(summarise(item(old('h', 'aaaaaa'), ok, closed), at(30_000)).reports.map((r) => r.status)).toEqual(['closed']);
  });

  it('stops showing reports older than 120 minutes', async () => {
    const s = await station();
    const [a, b] = await Promise.all([someone(), someone()]);
    const noon = new Date('2027-04-08T04:00:00Z');
    const at = (minutes: number) => new Date(noon.getTime() + minutes * 60_000);
    await reportLiveStatus(s.id, a.userId, { status: 'no-hot-water', clientRequestId: randomUUID() }, at(0));
    const soon = await reportLiveStatus(s.id, b.userId, { status: 'broken', clientRequestId: randomUUID() }, at(30));
    expect(soon.reports.map((r) => [r.status, r.withinMinutes])).toEqual([
      ['broken', 0],
      ['no-hot-water', 30],
    ]);
    const items = await readStationLive(s, at(30), true);
    expect(summarise(items, at(119)).reports.map((r) => r.status)).toEqual(['broken', 'no-hot-water']);
    expect(summarise(items, at(121)).reports.map((r) => r.status)).toEqual(['broken']);
    expect(summarise(items, at(151)).reports).toEqual([]);
  });

  it('lands every one of 30 simultaneous taps from 30 people', async () => {
    const s = await station();
    const people = await Promise.all(Array.from({ length: 30 }, someone));
    const replies = await Promise.all(people.map((p) => tap(s.id, p.token, 'no-hot-water')));
    expect(replies.map((r) => r.status)).toEqual(Array(30).fill(201));
    expect((await detail(s.id)).live.reports).toEqual([expect.objectContaining({ status: 'no-hot-water', people: 30 })]);
  }, 60_000);

  it('answers 404 for a station that does not exist', async () => {
    expect((await tap(`st-none${tag}`, (await someone()).token, 'ok')).status).toBe(404);
  });
});

const said = (stationId: string, userId: string, status: LiveStatusKind, at: Date) =>
  reportLiveStatus(stationId, userId, { status, clientRequestId: randomUUID() }, at);

describe('bounds', () => {
  it('keeps live items by TTL and reads only yesterday’s and today’s (the TTL may lag two days)', async () => {
    const { TimeToLiveDescription } = await db().send(new DescribeTimeToLiveCommand({ TableName: tableName('stationIndex') }));
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });

    const s = await station();
    const noon = new Date('2027-05-10T04:00:00Z');
    const daysAgo = (d: number) => new Date(noon.getTime() - d * 24 * 3600_000);
    for (const at of [daysAgo(3), daysAgo(2), daysAgo(1), noon])
      for (const step of liveSteps(s, 'a', { visits: 1, reports: [reportElement('h', 'someone', s.id, at)] }, at))
        await db().send(new UpdateCommand(step.Update));
    const items = await readStationLive(s, noon, true);
    expect(items.map((i) => i.sk.slice(-8)).sort()).toEqual(['20270509', '20270510']);
  });

  it(`refuses a tap once the station's day item holds ${LIVE_REPORTS_PER_DAY} reports (429), and still counts visits`, async () => {
    const s = await station();
    const { layers } = (await getLiveStation(s.id))!;
    const noon = new Date('2027-05-11T04:00:00Z');
    const crowd = Array.from({ length: LIVE_REPORTS_PER_DAY }, (_, i) => reportElement('h', `crowd-${tag}-${i}`, s.id, noon));
    for (const step of liveSteps(s, layers, { reports: crowd }, noon)) await db().send(new UpdateCommand(step.Update));
    const full = await readStationLive(s, noon, true);
    expect((full[0]!.r as Set<string>).size).toBe(LIVE_REPORTS_PER_DAY);

    const { userId } = await someone();
    await expect(said(s.id, userId, 'broken', noon)).rejects.toMatchObject({
      status: 429,
      message: '这个驿站今天的反映已经很多了，工会已收到，请稍后再试',
    });
    expect(await recordVisit(s.id, userId, doorToken(s.id), noon)).toEqual({ counted: true, todayVisits: 1 });
    // the next day takes reports again
    const tomorrow = new Date(noon.getTime() + 24 * 3600_000);
    expect((await said(s.id, userId, 'broken', tomorrow)).reports).toEqual([expect.objectContaining({ status: 'broken', people: 1 })]);
  });
});

describe('门关着 twice in open hours', () => {
  it('counts one person tapping either side of midnight once: no report (a 24 h station)', async () => {
    const s = await station();
    const { userId } = await someone();
    const beforeMidnight = new Date('2027-05-12T15:58:00Z'); // 23:58 Beijing
    const afterMidnight = new Date('2027-05-12T16:02:00Z'); // 00:02
    await said(s.id, userId, 'closed', beforeMidnight);
    const second = await said(s.id, userId, 'closed', afterMidnight);
    expect(second.reports).toEqual([expect.objectContaining({ status: 'closed', people: 1 })]);
    expect(await getReport(closedReportId(s.id, beforeMidnight))).toBeNull();
    expect(await getReport(closedReportId(s.id, afterMidnight))).toBeNull();
    expect(await getDue(s.id)).toMatchObject({ flagged: false });
  });

  it('does not count taps made before the station’s last inspection', async () => {
    const s = await station();
    const [a, b, c] = await Promise.all([someone(), someone(), someone()]);
    const noon = new Date('2027-05-13T04:00:00Z');
    const at = (minutes: number) => new Date(noon.getTime() + minutes * 60_000);
    await said(s.id, a.userId, 'closed', at(0));
    // inspected at 12:05 (as an inspection's transaction sets it)
    await db().send(
      new UpdateCommand({
        TableName: tableName('network'),
        Key: { pk: `due#${s.id}`, sk: '-' },
        UpdateExpression: 'SET lastInspectedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at(5).toISOString() },
      }),
    );
    const second = await said(s.id, b.userId, 'closed', at(10));
    expect(second.reports).toEqual([expect.objectContaining({ status: 'closed', people: 2 })]); // shown as said
    expect(await getReport(closedReportId(s.id, noon))).toBeNull();
    expect(await getDue(s.id)).toMatchObject({ flagged: false });

    await said(s.id, c.userId, 'closed', at(12));
    expect(await getReport(closedReportId(s.id, noon))).toMatchObject({ status: 'open', note: expect.stringContaining('2 人') });
    expect(await getDue(s.id)).toMatchObject({ flagged: true });
  });

  it('opens another report the same day once the last one was resolved, from taps after its resolution only', async () => {
    const s = await station();
    const people = await Promise.all(Array.from({ length: 7 }, someone));
    const noon = new Date('2027-05-14T04:00:00Z');
    const at = (minutes: number) => new Date(noon.getTime() + minutes * 60_000);
    const tapAt = (p: number, minutes: number) => said(s.id, people[p]!.userId, 'closed', at(minutes));
    const nth = (n: number) => getReport(closedReportId(s.id, noon, n));

    await tapAt(0, 0);
    await tapAt(1, 1);
    expect(await nth(1)).toMatchObject({ status: 'open' });
    await tapAt(2, 2); // open already: nothing more
    expect(await nth(2)).toBeNull();

    await resolveReport(closedReportId(s.id, noon), 'staff-test', '已开门', PATH, at(10));
    expect(await nth(1)).toMatchObject({ status: 'resolved' });
    await tapAt(3, 20); // the three before the resolution do not count
    expect(await nth(2)).toBeNull();
    await tapAt(4, 21);
    expect(await nth(2)).toMatchObject({ status: 'open', stationId: s.id, source: 'live', note: expect.stringContaining('2 人') });
    expect(await nth(1)).toMatchObject({ status: 'resolved' });

    await resolveReport(closedReportId(s.id, noon, 2), 'staff-test', undefined, PATH, at(30));
    await tapAt(5, 40);
    await tapAt(6, 41);
    expect(await nth(3)).toMatchObject({ status: 'open' });
    expect(await nth(4)).toBeNull();
  });
});

describe('in the nearby list and the detail', () => {
  it("shows a visited station's visits and two 门关着 on a row, with the same requests as without them", async () => {
    const visited = await station();
    const closed = await station({ location: { lat: visited.location.lat + 0.002, lng: visited.location.lng } });
    const quiet = await station({ location: { lat: visited.location.lat - 0.003, lng: visited.location.lng } });
    const center = visited.location;
    const search = async () => {
      const stats = freshReadStats();
      const answer = await searchIndex({
        center,
        radiusMeters: 1000,
        want: 10,
        more: true,
        filter: { amenities: [], openNow: false, allDay: false, now: new Date() },
        stats,
      });
      return { answer, stats };
    };
    await search(); // directories cached, as in a warm container
    const before = await search();
    expect(before.answer.hits.map((h) => h.view.id)).toEqual([visited.id, closed.id, quiet.id]);
    expect(before.answer.hits.every((h) => h.live.length === 0)).toBe(true);

    const visitors = await Promise.all([someone(), someone(), someone()]);
    for (const v of visitors)
      await invoke(recordVisitHandler, {
        method: 'POST',
        params: { stationId: visited.id },
        body: { door: doorToken(visited.id) },
        token: v.token,
      });
    await tap(closed.id, visitors[0]!.token, 'closed');
    await tap(closed.id, visitors[1]!.token, 'closed');

    const after = await search();
    expect(after.stats.requests).toBe(before.stats.requests);
    expect(after.stats.rounds).toBe(before.stats.rounds);

    const reply = await invoke(findNearby, {
      path: '/stations/nearby',
      query: { lat: String(center.lat), lng: String(center.lng), radius: '1000' },
      token: visitors[2]!.token,
    });
    const rows = new Map((reply.body.stations as NearbyStation[]).map((r) => [r.id, r]));
    expect(rows.get(visited.id)!.live).toEqual({ todayVisits: 3, reports: [] });
    expect(rows.get(closed.id)!.live).toEqual({
      todayVisits: 0,
      reports: [expect.objectContaining({ status: 'closed', people: 2 })],
    });
    expect(rows.get(quiet.id)!.live).toBeUndefined();

    const shown = (await detail(closed.id)) as { live: LiveSummary; verification: { unverified: boolean }; supervising: boolean };
    expect(shown.live.reports).toEqual([expect.objectContaining({ status: 'closed', people: 2 })]);
    expect(shown.supervising).toBe(false);
    expect(shown.verification.unverified).toBe(true); // no 核实日期, never inspected
    expect((await detail(visited.id)).live).toEqual({ todayVisits: 3, reports: [] });
  });

  it('marks a station verified by staff within 90 days as verified', async () => {
    const recent = await station({ verifiedOn: beijingDate(new Date(Date.now() - 10 * 24 * 3600_000)) });
    const old = await station({ verifiedOn: beijingDate(new Date(Date.now() - 100 * 24 * 3600_000)) });
    expect((await detail(recent.id)).verification.unverified).toBe(false);
    expect((await detail(old.id)).verification.unverified).toBe(true);
  });
});
