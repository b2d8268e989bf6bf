import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../functions/lib/db';
import { getStation, newStation, stationIdFor } from '../functions/tables/stations';
import { forgetDirectories, freshReadStats } from '../functions/tables/station-index';
import { searchIndex } from '../functions/stations/nearby/search';
import { backfillStationIndex } from './backfill-station-index';
import { getDue, overduePage } from '../functions/tables/network';
import { putOrg } from '../functions/tables/orgs';

/** Stations written before the nearby index (no `ixl`) are found near them once the backfill ran, and only once. */
it('places every station from before the index, once, however often it runs', async () => {
  const org = `bx${randomBytes(3).toString('hex')}`;
  const at = (n: number) => ({ lat: 36.2 + n * 0.0004 + n * n * 0.00005, lng: 95.3 });
  const old = Array.from({ length: 3 }, (_, n) =>
    newStation(
      {
        name: `补录驿站${n}`,
        address: '青海省格尔木市',
        orgId: org,
        kind: 'union-station',
        location: at(n),
        amenities: ['hot-water'],
        hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
        photos: [],
        honours: [],
        status: 'open',
      },
      stationIdFor(org, `old${n}`),
      new Date('2026-01-01T00:00:00Z'),
    ),
  );
  for (const s of old) await db().send(new PutCommand({ TableName: tableName('stations'), Item: { ...s, counted: true } }));
  const near = async () => {
    forgetDirectories();
    const { hits } = await searchIndex({
      center: at(1),
      radiusMeters: 500,
      want: 10,
      filter: { amenities: [], openNow: false, allDay: false, now: new Date() },
      stats: freshReadStats(),
    });
    return hits.map((h) => h.view.name);
  };
  expect(await near()).toEqual([]);
  const mine = old.map((s) => s.id);
  // other tests may leave stations of their own from before the index: only these are looked at
  const first = await backfillStationIndex();
  expect(first.ids).toEqual(expect.arrayContaining(mine));
  expect(await near()).toEqual(['补录驿站1', '补录驿站0', '补录驿站2']);
  const again = await backfillStationIndex();
  expect(again.ids.filter((id) => mine.includes(id))).toEqual([]);
  expect(await near()).toEqual(['补录驿站1', '补录驿站0', '补录驿站2']);
  expect((await getStation(old[0]!.id))?.name).toBe('补录驿站0');
});

/** Stations written before the station network (no due item) join the overdue list of their org once; one inspected keeps its inspection. */
it('gives stations from before the network their due item, once, and never overwrites one', async () => {
  const org = `bd${randomBytes(3).toString('hex')}`;
  await putOrg({
    id: org,
    code: `${org}X`,
    status: 'open',
    name: `补录检查${org}`,
    shortName: '补录',
    level: 'city',
    parentId: null,
    path: [org],
  });
  const old = Array.from({ length: 3 }, (_, n) =>
    newStation(
      {
        name: `补录检查驿站${n}`,
        address: '青海省西宁市',
        orgId: org,
        kind: 'warm-station',
        location: { lat: 36.6 + n * 0.001, lng: 101.7 },
        amenities: [],
        hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
        photos: [],
        honours: [],
        status: 'open',
      },
      stationIdFor(org, `due${n}`),
      new Date('2026-01-01T00:00:00Z'),
    ),
  );
  for (const s of old) await db().send(new PutCommand({ TableName: tableName('stations'), Item: { ...s, counted: true } }));
  // one of them has had its due item written meanwhile, and was inspected: it stays as it is
  const inspectedAt = '2026-02-01T02:00:00.000Z';
  await db().send(
    new PutCommand({
      TableName: tableName('network'),
      Item: {
        pk: `due#${old[2]!.id}`,
        sk: '-',
        stationId: old[2]!.id,
        name: '补录检查驿站2',
        kind: 'warm-station',
        orgId: org,
        lastInspectedAt: inspectedAt,
        lastScore: 90,
        scope0: `${org}#inspect`,
        listKey: `${inspectedAt}#${old[2]!.id}`,
      },
    }),
  );
  const overdue = async () =>
    (await overduePage({ id: org, path: [org] }, 10)).stations.map((s) => [s.stationId, s.lastInspectedAt ?? null]);
  expect(await overdue()).toEqual([[old[2]!.id, inspectedAt]]);

  const first = await backfillStationIndex();
  expect(first.dueIds).toEqual(expect.arrayContaining([old[0]!.id, old[1]!.id]));
  expect(first.dueIds).not.toContain(old[2]!.id);
  const listed = [
    [old[0]!.id, null],
    [old[1]!.id, null],
  ].sort((a, b) => a[0]!.localeCompare(b[0]!));
  expect(await overdue()).toEqual([...listed, [old[2]!.id, inspectedAt]]);
  const again = await backfillStationIndex();
  expect(again.dueIds.filter((id) => old.some((s) => s.id === id))).toEqual([]);
  expect(await getDue(old[2]!.id)).toEqual({ lastInspectedAt: inspectedAt, lastScore: 90, flagged: false });
});
