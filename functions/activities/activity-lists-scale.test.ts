import type { ActivityRecord } from '../tables/activities';
import { putActivity, rescopeActivitiesOfOrg } from '../tables/activities';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { member } from '../../test/functions-support/activities';
import { bigUnits, scaleStage } from '../../test/functions-support/scale-stage';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { handler as listActivities } from './list-activities';
import { handler as listStaffActivities } from './list-staff-activities';

// 300 unions under 卢沟桥 in tables of their own. The worker's list: ≤ 3 Queries a page for a member
// (open, district, street), 1 for a non-member; the staff list: 1 Query a page (2 where it turns
// from running to ended activities), whatever the subtree's size.
const units = bigUnits(300);
const stage = scaleStage('activitylists', ['orgs', 'activities'], units);
const pathOf = (orgId: string) => (units.find((u) => u.id === orgId) ?? demoOrgs.find((o) => o.id === orgId))!.path;

const hour = 3600_000;
const now = Date.now();
let n = 0;
function activity(orgId: string, endsInHours: number, membersOnly: boolean): ActivityRecord {
  const id = `ac-scale-${String(n++).padStart(3, '0')}`;
  return {
    id,
    orgId,
    title: `活动${id}`,
    description: '',
    category: 'service',
    place: '卢沟桥',
    startsAt: new Date(now + (endsInHours - 2) * hour).toISOString(),
    endsAt: new Date(now + endsInHours * hour).toISOString(),
    signupOpensAt: new Date(now - 100 * hour).toISOString(),
    signupClosesAt: new Date(now + (endsInHours - 3) * hour).toISOString(),
    capacity: null,
    perMemberLimit: 1,
    eligibility: { activeMember: membersOnly, subtreeOnly: false, newEmploymentOnly: false, womenOnly: false },
    waitlist: false,
    holdMinutes: 60,
    confirmed: 0,
    createdAt: new Date(now).toISOString(),
    createdBy: 'test',
  };
}

const open = Array.from({ length: 45 }, (_, i) => activity(units[(i * 7) % 300]!.id, 5 + i, false));
const endedOpen = Array.from({ length: 5 }, (_, i) => activity(units[i]!.id, -5 - i, false));
const cityOnly = [activity('beijing', 30.5, true)];
const districtOnly = [activity('fengtai', 31.5, true), activity('shunyi', 32.5, true)];
const streetOnly = [activity('fengtai-lugouqiao', 33.5, true), activity('fengtai-taipingqiao', 34.5, true)];
const logisticsOnly = [activity('fengtai-lugouqiao-logistics', 35.5, true)];
// member-only activities of other unions of the street: read by a member's street Query, filtered out
const otherUnitsOnly = Array.from({ length: 30 }, (_, i) => activity(units[i + 100]!.id, 6.5 + i, true));
const everything = [...open, ...endedOpen, ...cityOnly, ...districtOnly, ...streetOnly, ...logisticsOnly, ...otherUnitsOnly];

beforeAll(async () => {
  for (let i = 0; i < everything.length; i += 20) {
    await Promise.all(everything.slice(i, i + 20).map((a) => putActivity(a, pathOf(a.orgId))));
  }
}, 120_000);

const byEnd = (list: ActivityRecord[]) => [...list].sort((a, b) => (a.endsAt < b.endsAt ? -1 : 1)).map((a) => a.id);

/** The worker's list read to its end: ids in order, and the largest number of Queries a page sent. */
async function workerList(token: string) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let maxQueries = 0;
  let member: boolean | undefined;
  do {
    const { reply, requests } = await stage.requests(() => invoke(listActivities, { query: cursor ? { cursor } : {}, token }));
    expect(reply.status).toBe(200);
    expect(reply.body.activities.length).toBeLessThanOrEqual(20);
    const queries = requests.filter((r) => r.command === 'QueryCommand');
    expect(queries.every((q) => q.index === 'byAudience')).toBe(true);
    maxQueries = Math.max(maxQueries, queries.length);
    ids.push(...reply.body.activities.map((a: { id: string }) => a.id));
    member = reply.body.member;
    cursor = reply.body.nextCursor;
  } while (cursor);
  return { ids, maxQueries, member };
}

describe("the worker's activity list by audience", () => {
  it('a non-member: what a non-member can sign up for, ending soonest first, one Query a page', async () => {
    const { token } = { token: await tokenFor('worker') };
    const list = await workerList(token);
    expect(list.member).toBe(false);
    expect(list.ids).toEqual(byEnd(open));
    expect(list.maxQueries).toBe(1);
  });

  it("a member of a union below a street: open ones and their chain's member-only ones, ≤ 3 Queries a page", async () => {
    const logistics = await member({ orgId: 'fengtai-lugouqiao-logistics' });
    const list = await workerList(logistics.token);
    expect(list.member).toBe(true);
    expect(list.ids).toEqual(byEnd([...open, ...cityOnly, districtOnly[0]!, streetOnly[0]!, ...logisticsOnly]));
    expect(new Set(list.ids).size).toBe(list.ids.length);
    expect(list.maxQueries).toBe(3);
  });

  it("a member of another district sees the city's but not 丰台's member-only activities", async () => {
    const shunyi = await member({ orgId: 'shunyi-houshayu' });
    const list = await workerList(shunyi.token);
    expect(list.ids).toEqual(byEnd([...open, ...cityOnly, districtOnly[1]!]));
  });

  it("a cursor of another person's list, or a garbled one, is a 400 with a Chinese field error", async () => {
    const logistics = await member({ orgId: 'fengtai-lugouqiao-logistics' });
    const first = await invoke(listActivities, { token: logistics.token });
    const foreign = await invoke(listActivities, { query: { cursor: first.body.nextCursor }, token: await tokenFor('worker') });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fieldErrors.cursor[0]).toBe('翻页标记无效，请从第一页重新加载');
    const garbled = await invoke(listActivities, { query: { cursor: 'eyJ4IjoxfQ' }, token: await tokenFor('worker') });
    expect(garbled.status).toBe(400);
  });
});

async function staffList(login: 'admin' | 'staff' | 'shunyi-staff') {
  const token = await tokenFor(login);
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const { reply, requests } = await stage.requests(() => invoke(listStaffActivities, { query: cursor ? { cursor } : {}, token }));
    expect(reply.status).toBe(200);
    expect(reply.body.activities.length).toBeLessThanOrEqual(20);
    const queries = requests.filter((r) => r.command === 'QueryCommand');
    expect(queries.length).toBeGreaterThanOrEqual(1);
    expect(queries.length).toBeLessThanOrEqual(2);
    expect(requests.filter((r) => r.command === 'GetItemCommand')).toHaveLength(1); // the acting org
    expect(requests.filter((r) => r.command === 'BatchGetItemCommand').length).toBeLessThanOrEqual(1); // the page's org names
    ids.push(...reply.body.activities.map((a: { id: string }) => a.id));
    cursor = reply.body.nextCursor;
  } while (cursor);
  return ids;
}

describe('the staff activity list by scope keys', () => {
  const inStreet = (a: ActivityRecord) => pathOf(a.orgId).includes('fengtai-lugouqiao');
  const running = (list: ActivityRecord[]) => byEnd(list.filter((a) => Date.parse(a.endsAt) >= now));
  const ended = (list: ActivityRecord[]) => byEnd(list.filter((a) => Date.parse(a.endsAt) < now)).reverse();

  it('a street: not ended first (ending soonest first), then ended (latest first), without repeats', async () => {
    const street = everything.filter(inStreet);
    expect(await staffList('staff')).toEqual([...running(street), ...ended(street)]);
  });

  it('a district sees its streets’ activities; the sibling street sees none of them', async () => {
    const district = everything.filter((a) => pathOf(a.orgId).includes('fengtai'));
    expect(await staffList('admin')).toEqual([...running(district), ...ended(district)]);
    expect(await staffList('shunyi-staff')).toEqual([]);
  });

  it('a garbled cursor is a 400, never a 500', async () => {
    const reply = await invoke(listStaffActivities, { query: { cursor: 'eyJhdCI6IngifQ' }, token: await tokenFor('staff') });
    expect(reply.status).toBe(400);
    expect(reply.body.fieldErrors.cursor[0]).toBe('翻页标记无效，请从第一页重新加载');
  });

  it('rescoping an org’s activities after it moved to another street', async () => {
    const moved = units[100]!.id; // has a member-only activity filed under 卢沟桥 for the workers' list
    const newPath = ['beijing', 'fengtai', 'fengtai-taipingqiao', moved];
    const result = await rescopeActivitiesOfOrg(moved, newPath);
    expect(result).toEqual({ done: 1, nextCursor: undefined });
    expect(await staffList('staff')).not.toContain(otherUnitsOnly[0]!.id);
    expect(await staffList('admin')).toContain(otherUnitsOnly[0]!.id);
  });
});
