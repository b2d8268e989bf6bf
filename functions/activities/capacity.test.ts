import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { handler as setCapacityRoute } from './set-activity-capacity';
import { handler as cancelSignup } from './cancel-signup';
import { handler as listMySignups } from './list-my-signups';
import { expireHolds, REFILL_SETTLE_MS } from './expire-holds';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { activity, counts, hour, member, sign } from '../../test/functions-support/activities';
import { db, tableName } from '../lib/db';
import { getActivity, getActivityItem, putActivity, readCounters, shardCountFor, type ActivityRecord } from '../tables/activities';
import { getSignup, listSignupsOfActivity, release, signUp, waitlistPosition } from '../tables/signups';

/** A benefit written straight to the table (no members needed), sharded as the API would shard it. */
async function benefit(capacity: number | null): Promise<ActivityRecord> {
  const now = Date.now();
  const shards = shardCountFor(capacity);
  const record: ActivityRecord = {
    id: `ac-${randomUUID()}`,
    orgId: 'beijing',
    title: '春节庙会门票',
    description: '',
    category: 'goods',
    place: '地坛',
    startsAt: new Date(now + 24 * hour).toISOString(),
    endsAt: new Date(now + 26 * hour).toISOString(),
    signupOpensAt: new Date(now - hour).toISOString(),
    signupClosesAt: new Date(now + 20 * hour).toISOString(),
    capacity,
    perMemberLimit: 1,
    eligibility: { activeMember: false, subtreeOnly: false, newEmploymentOnly: false, womenOnly: false },
    waitlist: true,
    holdMinutes: 60,
    confirmed: 0,
    createdAt: new Date().toISOString(),
    createdBy: 'test',
    ...(shards ? { shards } : {}),
  };
  await putActivity(record, [record.orgId]);
  return record;
}

const draft = (a: ActivityRecord, memberId: string) => ({
  activityId: a.id,
  memberId,
  memberName: '测试',
  memberNo: memberId,
  activityTitle: a.title,
  places: 1,
  children: [],
});
const staff = () => tokenFor('staff');
const later = () => new Date(Date.now() + REFILL_SETTLE_MS + 5_000);

describe('city-wide benefits count places on sharded counters', () => {
  it('1,050 at once for 1,000 places: exactly 1,000 confirmed, no shard over its share, 50 waitlisted with distinct positions', async () => {
    const a = await benefit(1000);
    expect(a.shards).toBe(5);
    const outcomes = await Promise.all(Array.from({ length: 1050 }, (_, i) => signUp(a, draft(a, `p-${i}`))));
    const statuses = outcomes.map((o) => ('signup' in o ? o.signup.status : 'full'));
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(1000);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(50);
    const counters = await readCounters(a, true);
    expect(counters.map((c) => c.confirmed)).toEqual(counters.map((c) => c.capacity));
    expect((await getActivity(a.id, true))!.confirmed).toBe(1000);
    // later sign-ups go straight to the waiting list without reading the shards
    expect((await getActivityItem(a.id, true))!.allFull).toBe(true);
    const waiting = (await listSignupsOfActivity(a.id)).filter((s) => s.status === 'waitlisted');
    const positions = await Promise.all(waiting.map((s) => waitlistPosition(s)));
    expect(new Set(positions).size).toBe(50);
    expect(Math.max(...positions)).toBe(50);
  }, 120_000);

  it('a cancel frees the place in its own shard and offers it to the first in line', async () => {
    const a = await benefit(1000);
    await Promise.all(Array.from({ length: 1000 }, (_, i) => signUp(a, draft(a, `p-${i}`))));
    await signUp(a, draft(a, 'first-waiting'));
    await signUp(a, draft(a, 'second-waiting'));
    const leaving = (await getSignup(a.id, 'p-7'))!;
    await release(a, 'p-7', 'cancelled');
    const offered = (await getSignup(a.id, 'first-waiting'))!;
    expect(offered).toMatchObject({ status: 'offered', counterId: leaving.counterId });
    expect(await waitlistPosition((await getSignup(a.id, 'second-waiting'))!)).toBe(1);
    expect((await getActivity(a.id, true))!.confirmed).toBe(1000);
  }, 120_000);

  it('capacity changes keep every shard at or above what it holds; below the places taken → 409', async () => {
    const staffToken = await staff();
    const reply = await invoke((await import('./create-activity')).handler, {
      method: 'POST',
      body: {
        orgId: 'fengtai-lugouqiao',
        title: '庙会门票',
        category: 'goods',
        place: '地坛',
        capacity: 1200,
        startsAt: new Date(Date.now() + 24 * hour).toISOString(),
        endsAt: new Date(Date.now() + 26 * hour).toISOString(),
        signupOpensAt: new Date(Date.now() - hour).toISOString(),
        signupClosesAt: new Date(Date.now() + 20 * hour).toISOString(),
        eligibility: { activeMember: false, subtreeOnly: false },
      },
      token: staffToken,
    });
    expect(reply.status).toBe(201);
    const a = (await getActivity(reply.body.id, true))!;
    expect(a.shards).toBe(6);
    await Promise.all(Array.from({ length: 700 }, (_, i) => signUp(a, draft(a, `p-${i}`))));
    const tooLow = await invoke(setCapacityRoute, {
      method: 'POST',
      params: { activityId: a.id },
      body: { capacity: 600 },
      token: staffToken,
    });
    expect(tooLow.status).toBe(409);
    expect(tooLow.body.message).toContain('700');
    const lower = await invoke(setCapacityRoute, {
      method: 'POST',
      params: { activityId: a.id },
      body: { capacity: 701 },
      token: staffToken,
    });
    expect(lower.body).toMatchObject({ capacity: 701, confirmed: 700, placesLeft: 1 });
    const counters = await readCounters((await getActivity(a.id, true))!, true);
    expect(counters.reduce((n, c) => n + c.capacity, 0)).toBe(701);
    expect(counters.every((c) => c.capacity >= c.confirmed)).toBe(true);
    const last = await Promise.all(['x', 'y', 'z'].map(async (m) => signUp((await getActivity(a.id))!, draft(a, m))));
    expect(last.map((o) => ('signup' in o ? o.signup.status : 'full')).sort()).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    expect((await getActivityItem(a.id, true))!.allFull).toBe(true);

    // two more places: the two people waiting get offers from the sweeper
    const more = await invoke(setCapacityRoute, {
      method: 'POST',
      params: { activityId: a.id },
      body: { capacity: 703 },
      token: staffToken,
    });
    expect(more.body).toMatchObject({ capacity: 703, placesLeft: 2 });
    await expireHolds(later());
    const waited = last.flatMap((o) => ('signup' in o && o.signup.status === 'waitlisted' ? [o.signup.memberId] : []));
    for (const m of waited) expect((await getSignup(a.id, m))!.status).toBe('offered');
    expect((await getActivity(a.id, true))!.confirmed).toBe(703);
    expect((await getActivityItem(a.id, true))!.allFull).toBe(true);
  }, 120_000);
});

describe('places that go back to the pool reach the waiting list', () => {
  it('staff add places: the sweeper offers them to the people waiting, in order', async () => {
    const id = await activity({ capacity: 1, holdMinutes: 60 });
    const [a, b, c] = await Promise.all([member(), member(), member()]);
    await sign(id, a.token);
    await sign(id, b.token);
    await sign(id, c.token);
    const more = await invoke(setCapacityRoute, {
      method: 'POST',
      params: { activityId: id },
      body: { capacity: 2 },
      token: await staff(),
    });
    expect(more.body).toMatchObject({ capacity: 2, placesLeft: 1 });
    expect((await expireHolds(later())).offered).toBeGreaterThanOrEqual(1);
    const mine = async (token: string) =>
      (await invoke(listMySignups, { token })).body.signups.find((s: { activityId: string }) => s.activityId === id);
    expect((await mine(b.token)).status).toBe('offered');
    expect(await mine(c.token)).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(await counts(id)).toMatchObject({ confirmed: 1, offered: 1, waitlisted: 1 });
  });

  it('someone who joined the list at the moment a place was freed gets it from the sweeper', async () => {
    const a = await benefit(1);
    await signUp(a, draft(a, 'holder'));
    // the cancel finds nobody waiting and gives the place back to the pool...
    await release(a, 'holder', 'cancelled');
    // ...while a sign-up that had seen the activity full lands on the waiting list just after
    const now = new Date().toISOString();
    await db().send(
      new PutCommand({
        TableName: tableName('signups'),
        Item: { ...draft(a, 'late'), status: 'waitlisted', queueKey: `${now}#late`, createdAt: now, activityStatus: `${a.id}#waitlisted` },
      }),
    );
    await expireHolds(later());
    expect((await getSignup(a.id, 'late'))!.status).toBe('offered');
    expect((await getActivity(a.id, true))!.confirmed).toBe(1);
  });

  it('whether an activity has a limit is fixed at publishing', async () => {
    const id = await activity({ capacity: null, holdMinutes: 60 });
    const reply = await invoke(setCapacityRoute, {
      method: 'POST',
      params: { activityId: id },
      body: { capacity: 10 },
      token: await staff(),
    });
    expect(reply.status).toBe(409);
    expect(reply.body.message).toContain('不限名额');
  });

  it('a member cancelling a place on a full activity hands it on at once', async () => {
    const id = await activity({ capacity: 1, holdMinutes: 60 });
    const [a, b] = await Promise.all([member(), member()]);
    await sign(id, a.token);
    await sign(id, b.token);
    await invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: a.token });
    expect(await counts(id)).toMatchObject({ offered: 1, cancelled: 1, waitlisted: 0 });
  });
});
