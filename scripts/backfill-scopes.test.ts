import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../functions/lib/db';
import { newStation } from '../functions/tables/stations';
import { handler as listStaffStations } from '../functions/stations/list-staff-stations';
import { invoke, tokenFor } from '../test/functions-support/invoke';
import { drain, queueAllOrgs, type BackfillProgress } from './backfill-scopes';

// A station written by the code before the scope keys (no scope0…4, no listKey) is in no staff list;
// after the backfill queued every org and the tasks ran, its street's staff see it.
it('puts items written before the scope keys into their lists; a finished backfill started again queues nothing', async () => {
  const station = newStation(
    {
      name: '旧数据驿站',
      address: '旧路 1 号',
      orgId: 'fengtai-lugouqiao',
      kind: 'union-station',
      location: { lat: 29.66, lng: 91.12 }, // far from 卢沟桥: the nearby-search tests page through its stations
      amenities: ['hot-water'],
      hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
      photos: [],
      honours: [],
      status: 'open',
    },
    `st-old-${Date.now().toString(36)}`,
    new Date('2025-06-01T00:00:00Z'),
  );
  // as the old code stored it: the station and its per-org index attributes, nothing else
  await db().send(new PutCommand({ TableName: tableName('stations'), Item: { ...station, orgId: station.orgId } }));
  const token = await tokenFor('staff');
  const seen = async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const reply = await invoke(listStaffStations, { path: '/staff/stations', token, query: cursor ? { cursor } : {} });
      ids.push(...reply.body.stations.map((s: { id: string }) => s.id));
      cursor = reply.body.nextCursor;
    } while (cursor);
    return ids;
  };
  expect(await seen()).not.toContain(station.id);

  const saves: BackfillProgress[] = [];
  const result = await queueAllOrgs({ queued: 0, done: false }, (p) => saves.push(p));
  expect(result.done).toBe(true);
  expect(result.queued).toBeGreaterThanOrEqual(19); // the demo tree
  // a finished backfill run again does nothing more
  expect(await queueAllOrgs(result, () => saves.push(result))).toEqual(result);
  await drain();
  expect(await seen()).toContain(station.id);
});
