import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../functions/lib/db';
import { getStation, newStation, stationIdFor } from '../functions/tables/stations';
import { forgetDirectories, freshReadStats } from '../functions/tables/station-index';
import { searchIndex } from '../functions/stations/nearby/search';
import { backfillStationIndex } from './backfill-station-index';

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
