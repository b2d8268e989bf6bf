import { randomBytes, randomUUID } from 'node:crypto';
import { handler as createStation } from './create-station';
import { handler as updateStation } from './update-station';
import { handler as importStations } from './import-stations';
import { handler as orgReport } from '../outreach/org-report';
import { reportTables } from '../outreach/report-files';
import { invoke } from '../../test/functions-support/invoke';
import { recordRequests } from '../../test/functions-support/requests';
import { signSession } from '../lib/auth/session-token';
import { putOrg } from '../tables/orgs';
import { putUserWithIdentity } from '../tables/users';
import { newStation, putStations, stationIdFor } from '../tables/stations';
import { readStats, STANDING } from '../tables/stats';
import { beijingDate } from '../../shared/beijing-time';
import type { Org } from '../../shared/schemas/org';
import type { StationInput } from '../../shared/schemas/station';

/**
 * The stations of an org's subtree, counted where stations are made and moved (stats `<org>#all` /
 * `stations`, docs/outreach.md) and shown in the period report. A tree of its own (a city, two
 * districts, a street, a union), so the counts are exactly what this file made.
 */

const tag = randomBytes(4).toString('hex');
const id = (suffix: string) => `sc${tag}${suffix}`;
const CITY = id('');
const DISTRICT = id('-a');
const SIBLING = id('-b');
const STREET = id('-a-s');
const UNIT = id('-a-s-u');
const OTHER_STREET = id('-b-s');
const org = (orgId: string, level: Org['level'], parentId: string | null, path: string[]): Org => ({
  id: orgId,
  code: `c${tag}${orgId.slice(2 + tag.length).replace(/-/g, '')}X`,
  status: 'open',
  name: `计数测试${orgId}`,
  shortName: `计数${orgId.slice(-4)}`,
  level,
  parentId,
  path,
});
const orgs: Org[] = [
  org(CITY, 'city', null, [CITY]),
  org(DISTRICT, 'district', CITY, [CITY, DISTRICT]),
  org(SIBLING, 'district', CITY, [CITY, SIBLING]),
  org(STREET, 'street', DISTRICT, [CITY, DISTRICT, STREET]),
  org(UNIT, 'grassroots', STREET, [CITY, DISTRICT, STREET, UNIT]),
  org(OTHER_STREET, 'street', SIBLING, [CITY, SIBLING, OTHER_STREET]),
];
const pathOf = (orgId: string) => orgs.find((o) => o.id === orgId)!.path;
const DAY = beijingDate(new Date());

let token: string;

beforeAll(async () => {
  for (const o of orgs) await putOrg(o);
  await putUserWithIdentity(
    {
      id: id('-admin'),
      role: 'admin',
      displayName: '驿站计数员',
      actingOrgId: CITY,
      createdAt: new Date().toISOString(),
      sessionVersion: 0,
    },
    `stations-count-identity-${randomUUID()}`,
  );
  token = (await signSession({ userId: id('-admin'), role: 'admin', actingOrgId: CITY })).token;
});

// near Lhasa, as the other station tests, so nearby searches elsewhere are unaffected
const input = (orgId: string, overrides: Partial<StationInput> = {}): StationInput => ({
  name: '计数测试驿站',
  address: '测试路 9 号',
  orgId,
  kind: 'union-station',
  location: { lat: 29.6, lng: 91.05 },
  amenities: ['hot-water'],
  hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
  photos: [],
  honours: [],
  status: 'open',
  ...overrides,
});

/** The `stations` figure of each org's report for today. */
async function reported(...orgIds: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const orgId of orgIds) {
    const reply = await invoke(orgReport, { query: { orgId, unit: 'day', from: DAY, to: DAY }, token });
    expect(reply.status).toBe(200);
    out[orgId] = reply.body.stations;
  }
  return out;
}

const stationsOf = async (orgId: string) => (await readStats(orgId, [], [], ['stations']))[STANDING]?.stations?.total ?? 0;
/** The standing counters of each org: total, by kind (k<kind>), 24 h and open (allDay); 0s left out. */
const standing = async (...orgIds: string[]) =>
  Object.fromEntries(
    await Promise.all(
      orgIds.map(async (orgId) => {
        const counters = (await readStats(orgId, [], [], ['stations']))[STANDING]?.stations ?? {};
        return [orgId, Object.fromEntries(Object.entries(counters).filter(([, n]) => n !== 0))];
      }),
    ),
  ) as Record<string, Record<string, number>>;
/** `counters` + `by` on each org's counters as they were (a missing counter read as 0; 0s left out). */
const plus = (was: Record<string, number>, by: Record<string, number>) =>
  Object.fromEntries(
    Object.entries({ ...Object.fromEntries(Object.keys(by).map((k) => [k, 0])), ...was })
      .map(([k, n]) => [k, n + (by[k] ?? 0)] as const)
      .filter(([, n]) => n !== 0),
  );

describe('the stations of a subtree, counted where they are made', () => {
  it('stations made in a street show in the street’s, the district’s and the city’s report; a sibling district sees none', async () => {
    expect(await reported(CITY, DISTRICT, STREET, SIBLING)).toEqual({ [CITY]: 0, [DISTRICT]: 0, [STREET]: 0, [SIBLING]: 0 });
    for (const orgId of [STREET, STREET, UNIT]) {
      const reply = await invoke(createStation, { method: 'POST', body: input(orgId), token });
      expect(reply.status).toBe(201);
    }
    // the same external id twice: the second is refused and counts nothing
    const first = await invoke(createStation, { method: 'POST', body: input(STREET, { externalId: `ext-${tag}` }), token });
    expect(first.status).toBe(201);
    const again = await invoke(createStation, { method: 'POST', body: input(STREET, { externalId: `ext-${tag}` }), token });
    expect(again.status).toBe(409);
    expect(await reported(CITY, DISTRICT, STREET, UNIT, SIBLING)).toEqual({
      [CITY]: 4,
      [DISTRICT]: 4,
      [STREET]: 4,
      [UNIT]: 1,
      [SIBLING]: 0,
    });
  });

  it('an imported file counts each new station once; importing it again, or twice at once, counts nothing twice', async () => {
    const header = 'externalId,name,address,orgId,kind,lat,lng,amenities,hours,holidayNote,managerPhone,status,verifiedOn,photos,honours';
    const row = (n: number, orgId: string) =>
      `im-${tag}-${n},导入驿站${n},测试路 ${n} 号,${orgId},工会驿站,29.6,91.05,热水饮水,24小时,,,开放,,,`;
    const csv = [header, row(1, STREET), row(2, UNIT), row(3, OTHER_STREET)].join('\n');
    const before = await reported(CITY, DISTRICT, STREET, UNIT, SIBLING);

    const first = await invoke(importStations, { method: 'POST', body: { csv }, token });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 3, updated: 0, errors: [] });
    const again = await invoke(importStations, { method: 'POST', body: { csv }, token });
    expect(again.body).toMatchObject({ created: 0, updated: 3 });
    expect(await reported(CITY, DISTRICT, STREET, UNIT, SIBLING)).toEqual({
      [CITY]: before[CITY]! + 3,
      [DISTRICT]: before[DISTRICT]! + 2,
      [STREET]: before[STREET]! + 2,
      [UNIT]: before[UNIT]! + 1,
      [SIBLING]: before[SIBLING]! + 1,
    });

    // two staff import one new file at the same moment: each station is made once, counted once
    const both = [header, row(4, STREET), row(5, STREET), row(6, UNIT)].join('\n');
    const replies = await Promise.all([1, 2].map(() => invoke(importStations, { method: 'POST', body: { csv: both }, token })));
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies.reduce((n, r) => n + r.body.created, 0)).toBe(3);
    expect(replies.reduce((n, r) => n + r.body.created + r.body.updated, 0)).toBe(6);
    expect(await stationsOf(CITY)).toBe(before[CITY]! + 6);
    expect(await stationsOf(STREET)).toBe(before[STREET]! + 5); // the union is below the street
    expect(await stationsOf(SIBLING)).toBe(before[SIBLING]! + 1);
  });

  it('a station given to another org takes its count along: off the old branch, onto the new, the city unchanged', async () => {
    const made = await invoke(createStation, { method: 'POST', body: input(UNIT, { name: '将移走的驿站' }), token });
    expect(made.status).toBe(201);
    const before = await reported(CITY, DISTRICT, STREET, UNIT, SIBLING, OTHER_STREET);
    const moved = await invoke(updateStation, {
      method: 'PUT',
      params: { stationId: made.body.id },
      body: input(OTHER_STREET, { name: '将移走的驿站' }),
      token,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.orgId).toBe(OTHER_STREET);
    // an edit that keeps the org changes no count
    const edited = await invoke(updateStation, {
      method: 'PUT',
      params: { stationId: made.body.id },
      body: input(OTHER_STREET, { name: '已移走的驿站' }),
      token,
    });
    expect(edited.status).toBe(200);
    expect(await reported(CITY, DISTRICT, STREET, UNIT, SIBLING, OTHER_STREET)).toEqual({
      [CITY]: before[CITY],
      [DISTRICT]: before[DISTRICT]! - 1,
      [STREET]: before[STREET]! - 1,
      [UNIT]: before[UNIT]! - 1,
      [SIBLING]: before[SIBLING]! + 1,
      [OTHER_STREET]: before[OTHER_STREET]! + 1,
    });
  });

  it('putStations (the demo seed) counts new stations once, run twice or at once, and moves the count of a station it gives to another org', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const stations = Array.from({ length: 60 }, (_, i) =>
      newStation(
        input(i % 3 === 0 ? UNIT : OTHER_STREET, { externalId: `seed-${tag}-${i}` }),
        stationIdFor(CITY, `seed-${tag}-${i}`),
        now,
        true,
      ),
    );
    const before = { city: await stationsOf(CITY), unit: await stationsOf(UNIT), other: await stationsOf(OTHER_STREET) };
    await putStations(stations, pathOf);
    await Promise.all([putStations(stations, pathOf), putStations(stations, pathOf)]);
    expect({ city: await stationsOf(CITY), unit: await stationsOf(UNIT), other: await stationsOf(OTHER_STREET) }).toEqual({
      city: before.city + 60,
      unit: before.unit + 20,
      other: before.other + 40,
    });
    // written again with one station under another org: moved, not counted again
    await putStations([{ ...stations[0]!, orgId: OTHER_STREET }, ...stations.slice(1)], pathOf);
    expect({ city: await stationsOf(CITY), unit: await stationsOf(UNIT), other: await stationsOf(OTHER_STREET) }).toEqual({
      city: before.city + 60,
      unit: before.unit + 19,
      other: before.other + 41,
    });
  });
});

describe('the stations by kind and open round the clock, counted with them', () => {
  it('a station made, given another kind, made 24 h, closed, moved to another org: `k<kind>` and `allDay` follow on every org of its path', async () => {
    const hours = { allDay: false, weekly: [[{ open: '08:00', close: '20:00' }], [], [], [], [], [], []] };
    const orgIds = [CITY, DISTRICT, STREET, UNIT, SIBLING, OTHER_STREET];
    const before = await standing(...orgIds);
    const expectChange = async (changes: Record<string, Record<string, number>>) => {
      const now = await standing(...orgIds);
      expect(now).toEqual(Object.fromEntries(orgIds.map((o) => [o, plus(before[o]!, changes[o] ?? {})])));
    };
    const made = await invoke(createStation, {
      method: 'POST',
      body: input(UNIT, { name: '按类型计数驿站', kind: 'warm-station', hours }),
      token,
    });
    expect(made.status).toBe(201);
    const unitPath = { [CITY]: 1, [DISTRICT]: 1, [STREET]: 1, [UNIT]: 1 };
    const on = (path: Record<string, number>, counters: Record<string, number>) =>
      Object.fromEntries(Object.keys(path).map((o) => [o, counters]));
    await expectChange(on(unitPath, { total: 1, 'kwarm-station': 1 }));

    const put = (overrides: Partial<StationInput>) =>
      invoke(updateStation, {
        method: 'PUT',
        params: { stationId: made.body.id },
        body: input(UNIT, { name: '按类型计数驿站', kind: 'warm-station', hours, ...overrides }),
        token,
      });
    expect((await put({ kind: 'workers-home' })).status).toBe(200);
    await expectChange(on(unitPath, { total: 1, 'kworkers-home': 1 }));
    // the same edit again changes nothing
    expect((await put({ kind: 'workers-home' })).status).toBe(200);
    await expectChange(on(unitPath, { total: 1, 'kworkers-home': 1 }));

    expect((await put({ kind: 'workers-home', hours: { allDay: true, weekly: hours.weekly } })).status).toBe(200);
    await expectChange(on(unitPath, { total: 1, 'kworkers-home': 1, allDay: 1 }));
    // 24 h but 暂停开放: not open round the clock
    expect((await put({ kind: 'workers-home', hours: { allDay: true, weekly: hours.weekly }, status: 'temporarily-closed' })).status).toBe(
      200,
    );
    await expectChange(on(unitPath, { total: 1, 'kworkers-home': 1 }));
    expect((await put({ kind: 'workers-home', hours: { allDay: true, weekly: hours.weekly } })).status).toBe(200);

    // given to the other district's street, as a union station: off the old branch by what it was, onto the new by what it is
    const moved = await invoke(updateStation, {
      method: 'PUT',
      params: { stationId: made.body.id },
      body: input(OTHER_STREET, { name: '按类型计数驿站', kind: 'union-station', hours: { allDay: true, weekly: hours.weekly } }),
      token,
    });
    expect(moved.status).toBe(200);
    await expectChange({
      [CITY]: { total: 1, 'kunion-station': 1, allDay: 1 },
      [SIBLING]: { total: 1, 'kunion-station': 1, allDay: 1 },
      [OTHER_STREET]: { total: 1, 'kunion-station': 1, allDay: 1 },
    });
  });

  it('an import counts its new stations by kind; re-importing a row with another kind moves the count between kinds', async () => {
    const header = 'externalId,name,address,orgId,kind,lat,lng,amenities,hours,holidayNote,managerPhone,status,verifiedOn,photos,honours';
    const row = (n: number, kind: string, hours: string) =>
      `ik-${tag}-${n},类型导入${n},测试路 ${n} 号,${STREET},${kind},29.6,91.05,热水饮水,${hours},,,开放,,,`;
    const before = (await standing(STREET))[STREET]!;
    const first = await invoke(importStations, {
      method: 'POST',
      body: { csv: [header, row(1, '工会驿站', '24小时'), row(2, '暖心驿站', '24小时')].join('\n') },
      token,
    });
    expect(first.body).toMatchObject({ created: 2, errors: [] });
    expect((await standing(STREET))[STREET]).toEqual(plus(before, { total: 2, 'kunion-station': 1, 'kwarm-station': 1, allDay: 2 }));
    const again = await invoke(importStations, {
      method: 'POST',
      body: { csv: [header, row(1, '工会驿站', '24小时'), row(2, '工会驿站', '24小时')].join('\n') },
      token,
    });
    expect(again.body).toMatchObject({ created: 0, updated: 2 });
    expect((await standing(STREET))[STREET]).toEqual(plus(before, { total: 2, 'kunion-station': 2, allDay: 2 }));
  });

  it('putStations (the demo seed) counts by kind once, and moves a station’s kind count when it is written as another kind', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const stations = Array.from({ length: 4 }, (_, i) =>
      newStation(input(UNIT, { externalId: `sk-${tag}-${i}`, kind: 'nursing-room' }), stationIdFor(CITY, `sk-${tag}-${i}`), now, true),
    );
    const before = (await standing(UNIT))[UNIT]!;
    await putStations(stations, pathOf);
    await putStations(stations, pathOf);
    expect((await standing(UNIT))[UNIT]).toEqual(plus(before, { total: 4, 'knursing-room': 4, allDay: 4 }));
    await putStations([{ ...stations[0]!, kind: 'warm-station', hours: { allDay: false, weekly: stations[0]!.hours.weekly } }], pathOf);
    expect((await standing(UNIT))[UNIT]).toEqual(plus(before, { total: 4, 'knursing-room': 3, 'kwarm-station': 1, allDay: 3 }));
  });
});

describe('the report', () => {
  it('a street moved to another district takes its stations along in the figures: off the old district, onto the new, the city unchanged', async () => {
    const { handler: moveOrg } = await import('../org-admin/move-org');
    const moving = id('-a-m');
    await putOrg(org(moving, 'street', DISTRICT, [CITY, DISTRICT, moving]));
    for (let i = 0; i < 2; i++) expect((await invoke(createStation, { method: 'POST', body: input(moving), token })).status).toBe(201);
    const before = { city: await stationsOf(CITY), district: await stationsOf(DISTRICT), sibling: await stationsOf(SIBLING) };
    const kinds = await standing(DISTRICT, SIBLING);
    let reply;
    do reply = await invoke(moveOrg, { method: 'POST', params: { orgId: moving }, body: { parentId: SIBLING }, token });
    while (reply.status === 200 && !reply.body.done);
    expect(reply.status).toBe(200);
    expect({
      city: await stationsOf(CITY),
      district: await stationsOf(DISTRICT),
      sibling: await stationsOf(SIBLING),
      street: await stationsOf(moving),
    }).toEqual({ city: before.city, district: before.district - 2, sibling: before.sibling + 2, street: 2 });
    // and its stations by kind and 24 h
    expect(await standing(DISTRICT, SIBLING, moving)).toEqual({
      [DISTRICT]: plus(kinds[DISTRICT]!, { total: -2, 'kunion-station': -2, allDay: -2 }),
      [SIBLING]: plus(kinds[SIBLING]!, { total: 2, 'kunion-station': 2, allDay: 2 }),
      [moving]: { total: 2, 'kunion-station': 2, allDay: 2 },
    });
  });

  it('reads the stations in the same BatchGet as the day’s counters: the city’s report is one stats request, and one for the network', async () => {
    const { result: reply, sent } = await recordRequests(() =>
      invoke(orgReport, { query: { orgId: CITY, unit: 'day', from: DAY, to: DAY }, token }),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.stations).toBeGreaterThan(0);
    expect(reply.body.network.stationsByKind['union-station']).toBeGreaterThan(0);
    const stats = sent.filter((s) => s.table?.endsWith('-stats'));
    // the day's counters with the stations now; the network's (visits, inspections, problems): no inspections here, so no candidates
    expect(stats.map((s) => s.command)).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    // the caller's user, the org, the stats, the candidates' Query: never a request per sub-org or per station
    expect(sent.length).toBeLessThanOrEqual(5);
  });

  it('the export’s 汇总 has a 驿站（现有） row', async () => {
    const reply = await invoke(orgReport, { query: { orgId: DISTRICT, unit: 'day', from: DAY, to: DAY }, token });
    const summary = reportTables(reply.body).find((t) => t.name === '汇总')!.rows;
    expect(summary).toContainEqual({ 项目: '驿站（现有）', 数值: reply.body.stations });
  });
});
