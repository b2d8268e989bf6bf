import type { Report } from '../../shared/schemas/feedback';
import type { Station } from '../../shared/schemas/station';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { bigUnits, scaleStage, STREET } from '../../test/functions-support/scale-stage';
import { addReport, rescopeReportsOfOrg, resolveReport } from '../tables/feedback';
import { newStation, putStations, rescopeStationsOfOrg } from '../tables/stations';
import { handler as exportStations } from './export-stations';
import { handler as listStaffReports } from './list-staff-reports';
import { handler as listStaffStations } from './list-staff-stations';

// 300 unions under 卢沟桥 (tables of their own): a page of stations or reports is one Query and one
// GetItem of the acting org, for a street of 300 unions as for a district, and for the sibling street.
const units = bigUnits(300);
const stage = scaleStage('stafflists', ['orgs', 'stations', 'feedback'], units);
const pathOf = (orgId: string) => (orgId === 'shunyi-houshayu' ? ['beijing', 'shunyi', orgId] : units.find((u) => u.id === orgId)!.path);

// 230 stations over the street's unions (names in a known order), 5 of the sibling street 后沙峪
const stationOrgs = [...Array.from({ length: 230 }, (_, i) => units[(i * 7) % units.length]!.id), ...Array(5).fill('shunyi-houshayu')];
const stations: Station[] = stationOrgs.map((orgId, i) =>
  newStation(
    {
      name: `${orgId === 'shunyi-houshayu' ? '后沙峪' : '卢沟桥'}驿站${String(i).padStart(3, '0')}`,
      address: '测试路',
      orgId,
      kind: 'union-station',
      location: { lat: 29.6, lng: 91.1 },
      amenities: ['hot-water'],
      hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
      photos: [],
      honours: [],
      status: 'open',
    },
    `st-scale-${String(i).padStart(3, '0')}`,
    new Date('2026-01-01T00:00:00Z'),
  ),
);

const t0 = Date.parse('2026-03-01T00:00:00Z');
const reportOrgs = [...Array.from({ length: 45 }, (_, i) => units[(i * 11) % units.length]!.id), 'shunyi-houshayu'];
const reports: Report[] = reportOrgs.map((orgId, i) => ({
  id: `r-scale-${String(i).padStart(3, '0')}`,
  stationId: 'st-scale-000',
  stationName: '驿站',
  orgId,
  type: 'closed-when-open',
  status: 'open',
  reporterName: '王*',
  createdAt: new Date(t0 + i * 60_000).toISOString(),
}));

beforeAll(async () => {
  await putStations(stations, pathOf);
  for (const r of reports) await addReport(r, pathOf(r.orgId), `reporter-${r.id}`, 100);
}, 120_000);

type Page<T> = { items: T[]; nextCursor?: string };

/** Reads a list to its end, checking each page's requests: one Query on byScope<depth> and one GetItem (the acting org). */
async function readAll<T>(
  depth: number,
  call: (cursor?: string) => Promise<{ status: number; body: Record<string, unknown> }>,
  key: string,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const { reply, requests } = await stage.requests(() => call(cursor));
    expect(reply.status).toBe(200);
    expect(requests.filter((r) => r.command === 'QueryCommand').map((r) => r.index)).toEqual([`byScope${depth}`]);
    expect(requests.filter((r) => r.command !== 'QueryCommand').map((r) => r.command)).toEqual(['GetItemCommand']);
    const page = { items: reply.body[key] as T[], nextCursor: reply.body.nextCursor as string | undefined };
    all.push(...(page as Page<T>).items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

const stationsOf = async (login: 'admin' | 'staff' | 'shunyi-staff', depth: number) => {
  const token = await tokenFor(login);
  return readAll<Station>(depth, (cursor) => invoke(listStaffStations, { query: cursor ? { cursor } : {}, token }), 'stations');
};

describe('staff station list by scope keys', () => {
  it('a district admin reads every station of its streets by name, 50 a page, one Query a page', async () => {
    const all = await stationsOf('admin', 1);
    const ours = stations.filter((s) => s.orgId !== 'shunyi-houshayu');
    expect(all.map((s) => s.id)).toEqual([...ours].sort((a, b) => (a.name < b.name ? -1 : 1)).map((s) => s.id));
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
  });

  it('street staff see their street only; the sibling street sees nothing of it', async () => {
    expect((await stationsOf('staff', 2)).every((s) => pathOf(s.orgId).includes(STREET))).toBe(true);
    expect((await stationsOf('staff', 2)).length).toBe(230);
    expect((await stationsOf('shunyi-staff', 2)).map((s) => s.orgId)).toEqual(Array(5).fill('shunyi-houshayu'));
  });

  it('a garbled or foreign cursor is a 400 with a Chinese field error, never a 500', async () => {
    const garbled = await invoke(listStaffStations, { query: { cursor: 'not-a-cursor' }, token: await tokenFor('staff') });
    expect(garbled.status).toBe(400);
    expect(garbled.body.fieldErrors.cursor[0]).toBe('翻页标记无效，请从第一页重新加载');
    const first = await invoke(listStaffStations, { token: await tokenFor('admin') });
    const foreign = await invoke(listStaffStations, { query: { cursor: first.body.nextCursor }, token: await tokenFor('shunyi-staff') });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fieldErrors.cursor).toBeDefined();
  });

  it('the export pages through in parts that join into one CSV (header once)', async () => {
    const token = await tokenFor('staff');
    let csv = '';
    let count = 0;
    let cursor: string | undefined;
    let parts = 0;
    do {
      const reply = await invoke(exportStations, { query: cursor ? { cursor } : {}, token });
      expect(reply.status).toBe(200);
      csv += reply.body.csv;
      count += reply.body.count;
      cursor = reply.body.nextCursor;
      parts++;
    } while (cursor);
    expect(count).toBe(230);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(231);
    expect(lines.filter((l) => l.includes('externalId'))).toHaveLength(1);
    expect(parts).toBe(2); // 200 a part
  });

  it('an org moved to another street: rescoping its stations moves them between the streets’ lists', async () => {
    const moved = units[0]!;
    const newPath = ['beijing', 'fengtai', 'fengtai-taipingqiao', moved.id];
    let cursor: string | undefined;
    let done = 0;
    do {
      const page = await rescopeStationsOfOrg(moved.id, newPath, cursor);
      done += page.done;
      cursor = page.nextCursor;
    } while (cursor);
    const count = stations.filter((s) => s.orgId === moved.id).length;
    expect(done).toBe(count);
    expect((await stationsOf('staff', 2)).filter((s) => s.orgId === moved.id)).toEqual([]);
    expect((await stationsOf('admin', 1)).filter((s) => s.orgId === moved.id)).toHaveLength(count);
  });
});

const reportsOf = async (login: 'admin' | 'staff' | 'shunyi-staff', depth: number, status: 'open' | 'resolved') => {
  const token = await tokenFor(login);
  return readAll<Report>(
    depth,
    (cursor) => invoke(listStaffReports, { query: cursor ? { status, cursor } : { status }, token }),
    'reports',
  );
};

describe('staff problem reports by scope keys', () => {
  it('newest first over the subtree, 20 a page, one Query a page; siblings apart', async () => {
    const district = await reportsOf('admin', 1, 'open');
    expect(district.map((r) => r.id)).toEqual(
      reports
        .filter((r) => r.orgId !== 'shunyi-houshayu')
        .map((r) => r.id)
        .reverse(),
    );
    expect((await reportsOf('staff', 2, 'open')).length).toBe(45);
    expect((await reportsOf('shunyi-staff', 2, 'open')).map((r) => r.orgId)).toEqual(['shunyi-houshayu']);
  });

  it('a resolved report moves from the open lists to the resolved ones of every level', async () => {
    const report = reports[3]!;
    await resolveReport(report.id, '李干事', undefined, pathOf(report.orgId));
    expect((await reportsOf('staff', 2, 'open')).map((r) => r.id)).not.toContain(report.id);
    expect((await reportsOf('admin', 1, 'resolved')).map((r) => r.id)).toEqual([report.id]);
  });

  it('a status given with another status’s cursor is a 400', async () => {
    const token = await tokenFor('admin');
    const first = await invoke(listStaffReports, { query: { status: 'open' }, token });
    const wrong = await invoke(listStaffReports, { query: { status: 'resolved', cursor: first.body.nextCursor }, token });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fieldErrors.cursor).toBeDefined();
  });

  it('rescoping an org’s reports (open and resolved) after a move', async () => {
    const moved = reports[3]!.orgId; // has a resolved report
    const newPath = ['beijing', 'fengtai', 'fengtai-taipingqiao', moved];
    let cursor: string | undefined;
    let done = 0;
    do {
      const page = await rescopeReportsOfOrg(moved, newPath, cursor);
      done += page.done;
      cursor = page.nextCursor;
    } while (cursor);
    expect(done).toBe(reports.filter((r) => r.orgId === moved).length);
    expect((await reportsOf('staff', 2, 'resolved')).map((r) => r.id)).toEqual([]);
    expect((await reportsOf('admin', 1, 'resolved')).map((r) => r.id)).toEqual([reports[3]!.id]);
  });
});
