import { devOpenidHash } from '../../functions/lib/auth/wechat';
import { putOrg } from '../../functions/tables/orgs';
import { putUserWithIdentity } from '../../functions/tables/users';
import { newStation, putStations, stationIdFor } from '../../functions/tables/stations';
import { demoStations } from './stations';
import { demoActivities } from './activities';
import { newSeed, putDraw } from '../../functions/tables/draws';
import { getActivity, putActivity, shardCountFor } from '../../functions/tables/activities';
import { demoOrgs } from './orgs';
import { demoUsers } from './users';
import { createEvent, servicesOf } from '../../functions/tables/outreach';
import { beijingDate } from '../../shared/beijing-time';
import { appointSupervisor } from '../../functions/tables/network';

const DEMO_CREATED_AT = '2026-01-01T00:00:00.000Z';

/** Writes the demo orgs and people through the same table modules the API uses. Idempotent. */
export async function seedDemoData(): Promise<{ orgs: number; users: number; stations: number }> {
  for (const org of demoOrgs) await putOrg(org);
  for (const u of demoUsers) {
    await putUserWithIdentity(
      { id: u.id, role: u.role, displayName: u.displayName, actingOrgId: u.actingOrgId, createdAt: DEMO_CREATED_AT },
      devOpenidHash(u.login),
    );
  }
  const stations = demoStations();
  const updatedAt = new Date(DEMO_CREATED_AT);
  // stations and activities carry their org's path (scope keys: listed for the org and every union above)
  const pathOf = (orgId: string) => demoOrgs.find((o) => o.id === orgId)?.path ?? [orgId];
  await putStations(
    stations.map((s) => newStation(s, stationIdFor(s.orgId, s.externalId), updatedAt, true)),
    pathOf,
  );
  for (const a of demoActivities) {
    // keep existing sign-up counters when seeding again
    if (await getActivity(a.id)) continue;
    const shards = shardCountFor(a.capacity);
    // a draw keeps its secret seed in the draws table; the activity shows only the commitment
    let draw: { commitment: string } | undefined;
    if (a.allocation === 'draw') {
      const { seed, commitment } = newSeed();
      await putDraw(a.id, seed, commitment, a.signupClosesAt);
      draw = { commitment };
    }
    await putActivity(
      { ...a, confirmed: 0, createdAt: DEMO_CREATED_AT, createdBy: 'demo', ...(shards ? { shards } : {}), ...(draw ? { draw } : {}) },
      pathOf(a.orgId),
    );
  }
  await seedDemoEvent(pathOf('fengtai-lugouqiao'));
  // 王师傅 volunteers as 义务监督员 for the first three 卢沟桥 stations: 我的 → 我监督的驿站 has something to show
  // (appointing again changes nothing; the demo worker has no membership, so the 会员号 is a demo one)
  const supervised = stations.filter((s) => s.orgId === 'fengtai-lugouqiao').slice(0, 3);
  await appointSupervisor(
    { userId: 'demo-worker', name: '王*傅', memberNo: 'DEMO-0001', occupation: 'food-delivery' },
    supervised.map((s) => ({ ...s, id: stationIdFor(s.orgId, s.externalId) })),
    new Date(DEMO_CREATED_AT),
  );
  return { orgs: demoOrgs.length, users: demoUsers.length, stations: stations.length };
}

/**
 * A 职工沟通会 under way at 卢沟桥 on the day the data is first seeded (09:00–17:00 Beijing), open,
 * so 沟通会 and 摊位模式 have something to show. Written once (a later seed finds it).
 */
async function seedDemoEvent(path: string[]): Promise<void> {
  const day = beijingDate(new Date());
  const now = new Date().toISOString();
  await createEvent(
    {
      id: 'ev-demo-lugouqiao',
      kind: 'worker',
      hostOrgId: 'fengtai-lugouqiao',
      name: '卢沟桥街道新就业形态劳动者沟通会',
      place: '卢沟桥文化广场',
      location: { lat: 39.8496, lng: 116.2201 },
      startsAt: new Date(`${day}T09:00:00+08:00`).toISOString(),
      endsAt: new Date(`${day}T17:00:00+08:00`).toISOString(),
      services: servicesOf([{ key: 'haircut', capacity: 20 }, { key: 'blood-check' }, { key: 'legal' }, { key: 'charging' }]),
      staffIds: ['demo-staff'],
      status: 'open',
      createdAt: now,
      updatedAt: now,
      createdBy: 'demo',
    },
    path,
  );
}
