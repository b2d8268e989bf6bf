import { randomBytes } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { backfillStationCounts } from './backfill-station-counts';
import { db, tableName } from '../functions/lib/db';
import { putOrg } from '../functions/tables/orgs';
import { newStation, putStation, putStations, updateStationFields } from '../functions/tables/stations';
import { readStats, STANDING } from '../functions/tables/stats';
import type { Org } from '../shared/schemas/org';
import type { StationInput } from '../shared/schemas/station';

/** Stations written before the count was kept are counted once by the backfill, on DynamoDB Local. */

const tag = randomBytes(4).toString('hex');
const CITY = `bf${tag}`;
const STREET = `bf${tag}-s`;
const OTHER = `bf${tag}-o`;
const org = (id: string, level: Org['level'], parentId: string | null, path: string[], code: string): Org => ({
  id,
  code: `b${tag}${code}`,
  status: 'open',
  name: `补计测试${id}`,
  shortName: `补计${code}`,
  level,
  parentId,
  path,
});
const orgs = [
  org(CITY, 'city', null, [CITY], 'c'),
  org(STREET, 'street', CITY, [CITY, STREET], 's'),
  org(OTHER, 'street', CITY, [CITY, OTHER], 'o'),
];
const input = (orgId: string): StationInput => ({
  name: '旧驿站',
  address: '测试路 1 号',
  orgId,
  kind: 'union-station',
  location: { lat: 29.6, lng: 91.05 },
  amenities: ['hot-water'],
  hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
  photos: [],
  honours: [],
  status: 'open',
});
const total = async (orgId: string) => (await readStats(orgId, [], [], ['stations']))[STANDING]?.stations?.total ?? 0;

beforeAll(async () => {
  for (const o of orgs) await putOrg(o);
});

it('counts each station written before the count was kept once, where it is now; stations written since are not counted again', async () => {
  const now = new Date('2026-01-01T00:00:00Z');
  // as the code before the count wrote them: no `counted`
  const old = Array.from({ length: 5 }, (_, i) => newStation(input(STREET), `st-bf-${tag}-${i}`, now));
  for (const s of old) await db().send(new PutCommand({ TableName: tableName('stations'), Item: { ...s } }));
  // one written since: counted by its write
  expect(await putStation(newStation(input(STREET), `st-bf-${tag}-new`, now), [CITY, STREET])).toBe(true);
  // an old one moved before the backfill ran: it moves without a count (it had none)
  expect(await updateStationFields({ ...old[0]!, orgId: OTHER }, [CITY, OTHER], { orgId: STREET, path: [CITY, STREET] })).toBe('updated');
  expect({ city: await total(CITY), street: await total(STREET), other: await total(OTHER) }).toEqual({ city: 1, street: 1, other: 0 });

  const first = await backfillStationCounts();
  expect(first.counted).toBeGreaterThanOrEqual(5);
  expect({ city: await total(CITY), street: await total(STREET), other: await total(OTHER) }).toEqual({ city: 6, street: 5, other: 1 });

  // run again (or after stopping half-way): nothing counted twice
  await backfillStationCounts();
  expect({ city: await total(CITY), street: await total(STREET), other: await total(OTHER) }).toEqual({ city: 6, street: 5, other: 1 });

  // once counted, a move takes its count along
  expect(await updateStationFields({ ...old[1]!, orgId: OTHER }, [CITY, OTHER], { orgId: STREET, path: [CITY, STREET] })).toBe('updated');
  expect({ city: await total(CITY), street: await total(STREET), other: await total(OTHER) }).toEqual({ city: 6, street: 4, other: 2 });
}, 60_000);

it('putStations (the seed) over a station not counted yet counts it once; the backfill then leaves it', async () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const station = newStation(input(OTHER), `st-bf-${tag}-seeded`, now);
  await db().send(new PutCommand({ TableName: tableName('stations'), Item: { ...station } }));
  const before = await total(OTHER);
  await putStations([station], (orgId) => orgs.find((o) => o.id === orgId)!.path);
  expect(await total(OTHER)).toBe(before + 1);
  await putStations([station], (orgId) => orgs.find((o) => o.id === orgId)!.path);
  await backfillStationCounts();
  expect(await total(OTHER)).toBe(before + 1);
}, 60_000);

it('a station counted before the counters by kind and 24 h gets them once (its total left as it is); an edit before the backfill adds them itself', async () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const counters = async (orgId: string) => (await readStats(orgId, [], [], ['stations']))[STANDING]?.stations ?? {};
  const before = await counters(STREET);
  // as the code before issue 14 wrote them: counted (total +1 by hand here), no `countedAs`
  const earlier = [0, 1].map((i) => newStation({ ...input(STREET), kind: 'warm-station' }, `st-bf-${tag}-k${i}`, now));
  for (const s of earlier) await db().send(new PutCommand({ TableName: tableName('stations'), Item: { ...s, counted: true } }));
  await db().send(
    new UpdateCommand({
      TableName: tableName('stats'),
      Key: { pk: `${STREET}#all`, sk: 'stations' },
      UpdateExpression: 'ADD #t :two',
      ExpressionAttributeNames: { '#t': 'total' },
      ExpressionAttributeValues: { ':two': 2 },
    }),
  );
  // one edited before the backfill: the edit counts its kind and 24 h
  expect(await updateStationFields({ ...earlier[1]!, kind: 'workers-home' }, [CITY, STREET], { orgId: STREET, path: [CITY, STREET] })).toBe(
    'updated',
  );
  const kindOf = (c: Record<string, number>, name: string) => c[name] ?? 0;
  let after = await counters(STREET);
  expect([after.total, kindOf(after, 'kwarm-station'), kindOf(after, 'kworkers-home'), kindOf(after, 'allDay')]).toEqual([
    (before.total ?? 0) + 2,
    kindOf(before, 'kwarm-station'),
    kindOf(before, 'kworkers-home') + 1,
    kindOf(before, 'allDay') + 1,
  ]);
  await backfillStationCounts();
  await backfillStationCounts();
  after = await counters(STREET);
  expect([after.total, kindOf(after, 'kwarm-station'), kindOf(after, 'kworkers-home'), kindOf(after, 'allDay')]).toEqual([
    (before.total ?? 0) + 2,
    kindOf(before, 'kwarm-station') + 1,
    kindOf(before, 'kworkers-home') + 1,
    kindOf(before, 'allDay') + 2,
  ]);
}, 60_000);
