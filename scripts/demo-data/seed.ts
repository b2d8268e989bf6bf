import { devOpenidHash } from '../../functions/lib/auth/wechat';
import { putOrg } from '../../functions/tables/orgs';
import { putUserWithIdentity } from '../../functions/tables/users';
import { newStation, putStations, stationIdFor } from '../../functions/tables/stations';
import { demoStations } from './stations';
import { demoActivities } from './activities';
import { getActivity, putActivity, shardCountFor } from '../../functions/tables/activities';
import { demoOrgs } from './orgs';
import { demoUsers } from './users';

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
    await putActivity(
      { ...a, confirmed: 0, createdAt: DEMO_CREATED_AT, createdBy: 'demo', ...(shards ? { shards } : {}) },
      pathOf(a.orgId),
    );
  }
  return { orgs: demoOrgs.length, users: demoUsers.length, stations: stations.length };
}
