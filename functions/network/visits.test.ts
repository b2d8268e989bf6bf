import { randomBytes, randomUUID } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { handler as recordVisitHandler, recordVisit } from './record-visit';
import { handler as getDoorPoster } from './get-door-poster';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { member } from '../../test/functions-support/activities';
import { signSession } from '../lib/auth/session-token';
import { doorToken, doorUrl, verifyDoorToken } from '../lib/door-token';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { newStation, putStation } from '../tables/stations';
import { dayPeriod, readStats } from '../tables/stats';
import { visitMarkerKey } from '../tables/station-live';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../lib/db';
import type { Station } from '../../shared/schemas/station';

/**
 * Visits counted at the door (docs/station-network.md): one per person and station in two hours,
 * 100 people at once all counted, a made-up door refused. Stations around Chengdu (lat 30.6, lng
 * 104.0), far from the demo data and every other test's area; owned by 卢沟桥街道 (the staff login's org).
 */
const tag = randomBytes(3).toString('hex');
const ORG = 'fengtai-lugouqiao';
const PATH = demoOrgs.find((o) => o.id === ORG)!.path;
let n = 0;

async function station(): Promise<Station> {
  const s = newStation(
    {
      name: `成都到访驿站${tag}${n}`,
      address: '四川省成都市测试路 1 号',
      orgId: ORG,
      kind: 'union-station',
      location: { lat: 30.6 + n * 0.002 + Math.random() * 0.001, lng: 104.0 + Math.random() * 0.01 },
      amenities: ['hot-water'],
      hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
      photos: [],
      honours: [],
      status: 'open',
    },
    `st-vis${tag}-${n++}`,
    new Date(),
  );
  expect(await putStation(s, PATH)).toBe(true);
  return s;
}

const someone = async () => {
  const userId = `v-${randomUUID()}`;
  return { userId, token: (await signSession({ userId, role: 'worker', actingOrgId: null })).token };
};
const scan = (stationId: string, token: string, door = doorToken(stationId)) =>
  invoke(recordVisitHandler, { method: 'POST', params: { stationId }, body: { door }, token });
const visitsOf = async (stationId: string, at = new Date()) =>
  (await readStats(`st~${stationId}`, [dayPeriod(at)], ['visits']))[dayPeriod(at)]!.visits ?? {};

describe('door visits', () => {
  it('counts 50 scans by one person (at once) as one visit', async () => {
    const s = await station();
    const { token } = await someone();
    const replies = await Promise.all(Array.from({ length: 50 }, () => scan(s.id, token)));
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(replies.filter((r) => r.body.counted)).toHaveLength(1);
    expect(replies.every((r) => r.body.todayVisits === 1)).toBe(true);
    expect((await visitsOf(s.id)).total).toBe(1);
  });

  it('counts 100 different people at once, 100 visits, by occupation of the members among them', async () => {
    const s = await station();
    const couriers = await Promise.all(Array.from({ length: 15 }, () => member({ occupation: 'courier' })));
    const cleaners = await Promise.all(Array.from({ length: 15 }, () => member({ occupation: 'cleaner' })));
    const others = await Promise.all(Array.from({ length: 70 }, someone));
    const people = [...couriers, ...cleaners, ...others];
    const replies = await Promise.all(people.map((p) => scan(s.id, p.token)));
    expect(replies.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(replies.every((r) => r.body.counted)).toBe(true);
    expect(Math.max(...replies.map((r) => r.body.todayVisits))).toBe(100);
    expect(new Set(replies.map((r) => r.body.todayVisits)).size).toBeGreaterThan(1); // each saw the count as it stood

    const visits = await visitsOf(s.id);
    expect(visits).toMatchObject({ total: 100, members: 30, ocourier: 15, ocleaner: 15, 'onon-member': 70 });
    const byHour = Object.entries(visits).filter(([k]) => /^h\d\d$/.test(k));
    expect(byHour.reduce((sum, [, v]) => sum + v, 0)).toBe(100);
    // and on the station org's path (other tests count there too: at least these)
    const org = (await readStats(ORG, [dayPeriod(new Date())], ['visits']))[dayPeriod(new Date())]!.visits!;
    expect(org.total).toBeGreaterThanOrEqual(100);
  }, 120_000);

  it('refuses a door token that is not the station’s (400, field door), counting nothing', async () => {
    const s = await station();
    const other = await station();
    const { token } = await someone();
    for (const door of ['AAAAAAAAAAAAAAAA', doorToken(other.id)]) {
      const reply = await scan(s.id, token, door);
      expect(reply.status).toBe(400);
      expect(reply.body.fieldErrors.door[0]).toContain('二维码无效');
    }
    expect(await visitsOf(s.id)).toEqual({});
    expect(verifyDoorToken(s.id, doorToken(s.id))).toBe(true);
  });

  it('answers 404 for a station that does not exist', async () => {
    const { token } = await someone();
    expect((await scan(`st-none${tag}`, token)).status).toBe(404);
  });

  it('counts the same person again two hours later, not before', async () => {
    const s = await station();
    const { userId } = await someone();
    const door = doorToken(s.id);
    // Beijing noon of a day of its own, so the two hours stay in one day
    const noon = new Date('2027-03-03T04:00:00Z');
    const at = (minutes: number) => new Date(noon.getTime() + minutes * 60_000);
    expect(await recordVisit(s.id, userId, door, at(0))).toEqual({ counted: true, todayVisits: 1 });
    expect(await recordVisit(s.id, userId, door, at(119))).toEqual({ counted: false, todayVisits: 1 });
    expect(await recordVisit(s.id, userId, door, at(121))).toEqual({ counted: true, todayVisits: 2 });
    const visits = await visitsOf(s.id, noon);
    expect(visits).toMatchObject({ total: 2, 'onon-member': 2, h12: 1, h14: 1 });
    // the marker is keyed by a hash of the person: no user id in it
    const marker = async (key: Record<string, string>) =>
      (await db().send(new GetCommand({ TableName: tableName('network'), Key: key, ConsistentRead: true }))).Item;
    expect(visitMarkerKey(s.id, userId).pk).toMatch(new RegExp(`^visit#${s.id}#[0-9a-f]{16}$`));
    expect(await marker(visitMarkerKey(s.id, userId))).toMatchObject({ at: at(121).toISOString() });
    expect(await marker({ pk: `visit#${s.id}#${userId}`, sk: '-' })).toBeUndefined();
  });

  it('signs door tokens with DOOR_SECRET when set: a new session secret leaves printed posters valid', () => {
    const saved = { door: process.env.DOOR_SECRET, jwt: process.env.JWT_SECRET };
    const restore = (name: 'DOOR_SECRET' | 'JWT_SECRET', value: string | undefined) =>
      value === undefined ? delete process.env[name] : (process.env[name] = value);
    try {
      delete process.env.DOOR_SECRET;
      const underSessionSecret = doorToken('st-door-secret');
      process.env.DOOR_SECRET = 'door-secret-for-this-test-0123456789-abcdef';
      const printed = doorToken('st-door-secret');
      expect(printed).not.toBe(underSessionSecret);
      process.env.JWT_SECRET = 'a-rotated-session-secret-0123456789-abcdef';
      expect(doorToken('st-door-secret')).toBe(printed);
      expect(verifyDoorToken('st-door-secret', printed)).toBe(true);
      expect(verifyDoorToken('st-door-secret', underSessionSecret)).toBe(false);
    } finally {
      restore('DOOR_SECRET', saved.door);
      restore('JWT_SECRET', saved.jwt);
    }
  });
});

describe('the door poster', () => {
  it("gives the station's staff a QR that decodes to the door URL, and refuses another org's staff", async () => {
    const s = await station();
    const reply = await invoke(getDoorPoster, { params: { stationId: s.id }, token: await tokenFor('staff') });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ stationName: s.name, address: s.address, url: doorUrl(s.id) });
    expect(reply.body.url).toMatch(new RegExp(`/d/${s.id}/${doorToken(s.id)}$`));
    // the image decodes to exactly that URL
    expect(reply.body.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    const png = PNG.sync.read(Buffer.from(reply.body.dataUrl.split(',')[1], 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(reply.body.url);

    const denied = await invoke(getDoorPoster, { params: { stationId: s.id }, token: await tokenFor('shunyi-staff') });
    expect(denied.status).toBe(403);
    const worker = await invoke(getDoorPoster, { params: { stationId: s.id }, token: await tokenFor('worker') });
    expect(worker.status).toBe(403);
  });
});
