import { signSession } from '../lib/auth/session-token';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { handler as listStaffStations } from '../stations/list-staff-stations';
import { newStation, putStation } from '../tables/stations';
import { putOrg } from '../tables/orgs';
import { createEvent, listEventsPage } from '../tables/outreach';
import { pendingRescopes, queueRescopes } from '../tables/rescope-tasks';
import { handler as moveOrg } from './move-org';
import { runRescopes } from './rescope';

// A workplace union moves from 卢沟桥 to 王佐: its station follows it into 王佐's lists once the
// rescope job has run, and leaves 卢沟桥's; a task queued again mid-way starts over, never lost.
const unit = {
  id: `rescope-unit-${Date.now().toString(36)}`,
  code: `RS-${Date.now().toString(36)}`,
  status: 'open' as const,
  name: '搬家测试企业工会',
  shortName: '搬家测试',
  level: 'grassroots' as const,
  parentId: 'fengtai-lugouqiao',
  path: ['beijing', 'fengtai', 'fengtai-lugouqiao'],
};
unit.path = [...unit.path, unit.id];
const station = newStation(
  {
    name: '搬家测试驿站',
    address: '测试路 1 号',
    orgId: unit.id,
    kind: 'union-station',
    // far from the demo stations: the nearby-search tests page through 卢沟桥's
    location: { lat: 29.65, lng: 91.13 },
    amenities: ['hot-water'],
    hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
    photos: [],
    honours: [],
    status: 'open',
  },
  `st-${unit.id}`,
  new Date('2026-11-01T00:00:00Z'),
);

// and an event it hosts (沟通会): listed for 王佐 from then on, no longer for 卢沟桥
const event = {
  id: `ev-${unit.id}`,
  kind: 'worker' as const,
  hostOrgId: unit.id,
  name: '搬家测试沟通会',
  place: '测试路 1 号',
  location: { lat: 29.65, lng: 91.13 },
  startsAt: '2026-11-01T02:00:00.000Z',
  endsAt: '2026-11-01T05:00:00.000Z',
  services: [{ key: 'haircut', name: '理发' }],
  staffIds: [],
  status: 'planned' as const,
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
  createdBy: 'demo-staff',
};
/** Every event id listed for an org's subtree (one Query a page). */
async function eventIdsOf(org: { id: string; path: string[] }): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listEventsPage(org, cursor, 100);
    ids.push(...page.events.map((e) => e.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
const lugouqiaoOrg = { id: 'fengtai-lugouqiao', path: ['beijing', 'fengtai', 'fengtai-lugouqiao'] };
const wangzuoOrg = { id: 'fengtai-wangzuo', path: ['beijing', 'fengtai', 'fengtai-wangzuo'] };

async function stationIdsSeenBy(token: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const reply = await invoke(listStaffStations, { path: '/staff/stations', token, query: cursor ? { cursor } : {} });
    expect(reply.status).toBe(200);
    ids.push(...reply.body.stations.map((s: { id: string }) => s.id));
    cursor = reply.body.nextCursor;
  } while (cursor);
  return ids;
}

it('moves the station and the events it hosts into the new street’s lists once the job ran', async () => {
  await putOrg(unit);
  await putStation(station, unit.path);
  await createEvent(event, unit.path);
  expect(await eventIdsOf(lugouqiaoOrg)).toContain(event.id);
  const lugouqiao = await tokenFor('staff');
  const wangzuo = (await signSession({ userId: 'demo-staff', role: 'staff', actingOrgId: 'fengtai-wangzuo' })).token;
  expect(await stationIdsSeenBy(lugouqiao)).toContain(station.id);

  const moved = await invoke(moveOrg, {
    method: 'POST',
    path: `/staff/orgs/${unit.id}/move`,
    params: { orgId: unit.id },
    token: await tokenFor('admin'),
    body: { parentId: 'fengtai-wangzuo' },
  });
  expect(moved.status).toBe(200);
  expect(moved.body.done).toBe(true);
  expect((await pendingRescopes(100)).map((t) => t.orgId)).toContain(unit.id);

  let rounds = 0;
  while ((await pendingRescopes(100)).some((t) => t.orgId === unit.id) && rounds++ < 5) await runRescopes();
  expect((await pendingRescopes(100)).map((t) => t.orgId)).not.toContain(unit.id);
  expect(await stationIdsSeenBy(wangzuo)).toContain(station.id);
  expect(await stationIdsSeenBy(lugouqiao)).not.toContain(station.id);
  expect(await eventIdsOf(wangzuoOrg)).toContain(event.id);
  expect(await eventIdsOf(lugouqiaoOrg)).not.toContain(event.id);
  expect(await eventIdsOf({ id: 'fengtai', path: ['beijing', 'fengtai'] })).toContain(event.id);
});

it('a run out of time keeps its place; queuing the org again starts it over', async () => {
  const orgId = `rescope-idle-${Date.now().toString(36)}`;
  await putOrg({ ...unit, id: orgId, code: `RI-${Date.now().toString(36)}`, path: [...unit.path.slice(0, 3), orgId] });
  await queueRescopes([orgId]);
  // a budget already spent: the run takes no page and the task waits for the next run
  let clock = 0;
  await runRescopes({ budgetMs: 1, now: () => (clock += 10) });
  expect((await pendingRescopes(100)).find((t) => t.orgId === orgId)).toMatchObject({ step: 0, done: 0 });
  await queueRescopes([orgId]);
  const runs = await runRescopes();
  expect(runs.finished).toBeGreaterThanOrEqual(1);
  expect((await pendingRescopes(100)).map((t) => t.orgId)).not.toContain(orgId);
});
