import { randomBytes, randomUUID } from 'node:crypto';
import { handler as reportLiveHandler, reportLiveStatus } from './report-live-status';
import { handler as recordVisitHandler } from './record-visit';
import { handler as findNearby } from '../stations/find-nearby-stations';
import { handler as getStation } from '../stations/get-station';
import { invoke } from '../../test/functions-support/invoke';
import { signSession } from '../lib/auth/session-token';
import { doorToken } from '../lib/door-token';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { getOrg } from '../tables/orgs';
import { getReport, idFor, reportsPage } from '../tables/feedback';
import { getDue } from '../tables/network';
import { freshReadStats } from '../tables/station-index';
import { readStationLive, summarise } from '../tables/station-live';
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
const closedReportId = (stationId: string, at = new Date()) => idFor('r', 'live', `${stationId}#${beijingDate(at)}`);

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
    const items = await readStationLive(s, true);
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
    expect(await getReport(closedReportId(s.id))).toBeNull(); // one person is not enough

    const second = await tap(s.id, b.token, 'closed');
    expect(second.body.reports).toEqual([expect.objectContaining({ status: 'closed', people: 2, withinMinutes: expect.any(Number) })]);
    const report = await getReport(closedReportId(s.id));
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
    expect(await getReport(closedReportId(s.id))).toBeNull();
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
    const items = await readStationLive(s, true);
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
