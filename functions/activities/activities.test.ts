import { randomUUID } from 'node:crypto';
import { handler as cancelSignup } from './cancel-signup';
import { handler as confirmOffer } from './confirm-offer';
import { handler as listMySignups } from './list-my-signups';
import { handler as listActivitySignups } from './list-activity-signups';
import { handler as setCapacity } from './set-activity-capacity';
import { handler as checkIn } from './check-in';
import { handler as registerOnSite } from './register-on-site';
import { handler as listActivities } from './list-activities';
import { expireHolds } from './expire-holds';
import { handler as listStaffActivities } from './list-staff-activities';
import { handler as exportActivitySignups } from './export-activity-signups';
import { handler as searchActivitySignups } from './search-activity-signups';
import { handler as updateActivity } from './update-activity';
import { handler as setMyGender } from '../join/set-my-gender';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { activity, counts, hour, member, request, sign } from '../../test/functions-support/activities';
import { signSession } from '../lib/auth/session-token';
import { signCardToken } from '../lib/member-card-key';

describe('我的报名', () => {
  it('says when and where each activity is, so the list needs no second call', async () => {
    const startsAt = '2027-01-04T23:30:00.000Z';
    const id = await activity({ place: '卢沟桥街道职工之家', startsAt, endsAt: '2027-01-05T01:30:00.000Z' });
    const a = await member();
    await sign(id, a.token);
    const mine = (await invoke(listMySignups, { token: a.token })).body.signups.find((s: { activityId: string }) => s.activityId === id);
    expect(mine).toMatchObject({
      activityPlace: '卢沟桥街道职工之家',
      activityStartsAt: startsAt,
      activityEndsAt: '2027-01-05T01:30:00.000Z',
    });
  });
});

describe('sign-ups never overbook', () => {
  it('confirms up to capacity, then waitlists with positions; a cancel offers the place to the first in line', async () => {
    const id = await activity();
    const [a, b, c, d] = await Promise.all([member(), member(), member(), member()]);
    expect((await sign(id, a.token)).body.signup.status).toBe('confirmed');
    expect((await sign(id, b.token)).body.signup.status).toBe('confirmed');
    expect((await sign(id, c.token)).body.signup).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await sign(id, d.token)).body.signup).toMatchObject({ status: 'waitlisted', position: 2 });

    await invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: a.token });
    const mine = (await invoke(listMySignups, { token: c.token })).body.signups.find((s: { activityId: string }) => s.activityId === id);
    expect(mine.status).toBe('offered');
    expect(new Date(mine.holdExpiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(
      (await invoke(listMySignups, { token: d.token })).body.signups.find((s: { activityId: string }) => s.activityId === id).position,
    ).toBe(1);

    const confirmed = await invoke(confirmOffer, { method: 'POST', params: { activityId: id }, token: c.token });
    expect(confirmed.body.status).toBe('confirmed');
    expect(await counts(id)).toMatchObject({ confirmed: 2, waitlisted: 1, cancelled: 1 });
  });

  it('passes an unconfirmed offer on when its hold runs out', async () => {
    const id = await activity({ capacity: 1 });
    const [a, b, c] = await Promise.all([member(), member(), member()]);
    await sign(id, a.token);
    await sign(id, b.token);
    await sign(id, c.token);
    await invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: a.token });
    expect((await expireHolds(new Date(Date.now() + 2 * 60_000))).expired).toBeGreaterThanOrEqual(1);
    const late = await invoke(confirmOffer, { method: 'POST', params: { activityId: id }, token: b.token });
    expect(late.status).toBe(410);
    const next = (await invoke(listMySignups, { token: c.token })).body.signups.find((s: { activityId: string }) => s.activityId === id);
    expect(next.status).toBe('offered');
  });

  it('cancels at the same moment (double taps, five people at once) all succeed and hand every place on', async () => {
    const id = await activity({ capacity: 5, holdMinutes: 60 });
    const holders = await Promise.all(Array.from({ length: 5 }, () => member()));
    const waiting = await Promise.all(Array.from({ length: 5 }, () => member()));
    for (const p of [...holders, ...waiting]) await sign(id, p.token);
    const cancels = await Promise.all(
      [...holders, holders[0]!].map((p) => invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: p.token })),
    );
    expect(cancels.map((c) => c.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(cancels.map((c) => c.body.status)).toEqual(Array(6).fill('cancelled'));
    expect(await counts(id)).toMatchObject({ cancelled: 5, offered: 5, waitlisted: 0, confirmed: 0 });
  }, 60_000);

  it('200 simultaneous sign-ups for 10 places: exactly 10 confirmed, 190 waitlisted with distinct positions', async () => {
    const id = await activity({ capacity: 10 });
    const people = await Promise.all(Array.from({ length: 200 }, () => member()));
    const replies = await Promise.all(people.map((p) => sign(id, p.token)));
    expect(replies.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    expect(replies.filter((r) => r.body.signup.status === 'confirmed')).toHaveLength(10);
    const positions = replies.filter((r) => r.body.signup.status === 'waitlisted').map((r) => r.body.signup.position as number);
    expect(positions).toHaveLength(190);
    expect(await counts(id)).toMatchObject({ confirmed: 10, waitlisted: 190 });
    const mine = await Promise.all(
      people
        .slice(0, 40)
        .map(async (p) =>
          (await invoke(listMySignups, { token: p.token })).body.signups.find((s: { activityId: string }) => s.activityId === id),
        ),
    );
    const waiting = mine.filter((s) => s.status === 'waitlisted').map((s) => s.position);
    expect(new Set(waiting).size).toBe(waiting.length);
  }, 120_000);

  it('a double tap, or ten at once, is one sign-up', async () => {
    const id = await activity({ capacity: 5 });
    const p = await member();
    const replies = await Promise.all(Array.from({ length: 10 }, () => sign(id, p.token)));
    expect(replies.filter((r) => r.body.created)).toHaveLength(1);
    expect(await counts(id)).toMatchObject({ confirmed: 1 });
  });

  it('a parent signs two children up together: two places, one entry', async () => {
    const id = await activity({
      capacity: 3,
      category: 'class',
      title: '暑期托管班',
      eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, children: { minAge: 6, maxAge: 12 } },
      perMemberLimit: 2,
    });
    const p = await member();
    const reply = await sign(id, p.token, {
      ...request(),
      children: [
        { name: '小明', age: 8 },
        { name: '小红', age: 10 },
      ],
    });
    expect(reply.body.signup).toMatchObject({ status: 'confirmed', places: 2 });
    const again = await sign(id, p.token, {
      ...request(),
      children: [
        { name: '小红', age: 10 },
        { name: '小明', age: 8 },
      ],
    });
    expect(again.body).toMatchObject({ created: false, signup: { places: 2 } });
    const another = await sign(id, p.token, { ...request(), children: [{ name: '小刚', age: 7 }] });
    expect(another.status).toBe(409);
    expect(another.body.message).toContain('您已为小明、小红报名');
    const tooOld = await sign(id, (await member()).token, { ...request(), children: [{ name: '大强', age: 15 }] });
    expect(tooOld.status).toBe(403);
    expect(tooOld.body.message).toContain('6 到 12 岁');
  });
});

describe('rules and bad input', () => {
  it('outside the window → 409 naming the window', async () => {
    const now = Date.now();
    const id = await activity({
      signupOpensAt: new Date(now + hour).toISOString(),
      signupClosesAt: new Date(now + 2 * hour).toISOString(),
    });
    const reply = await sign(id, (await member()).token);
    expect(reply.status).toBe(409);
    expect(reply.body.message).toMatch(/报名还没开始：\d{1,2}月\d{1,2}日 周[一二三四五六日] \d{2}:\d{2} 至/);
  });

  it('not eligible → 403 naming the rule in Chinese', async () => {
    const id = await activity({ eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: true } });
    const cleaner = await sign(id, (await member({ occupation: 'cleaner' })).token);
    expect(cleaner.status).toBe(403);
    expect(cleaner.body.message).toContain('新就业形态');
    const outsider = await sign(id, (await member({ orgId: 'shunyi-houshayu', occupation: 'courier' })).token);
    expect(outsider.body.message).toContain('本工会及下级');
    const notMember = await sign(id, (await signSession({ userId: `x-${randomUUID()}`, role: 'worker', actingOrgId: null })).token);
    expect(notMember.body.message).toContain('仅限工会会员');
    const courier = await member({ occupation: 'courier' });
    const listed = await findListed(listActivities, courier.token, id);
    expect(listed).toMatchObject({ eligible: true, placesLeft: 2 });
  });

  it('women-only: 403 for men, a prompt to fill in gender when unknown, and eligible once filled in', async () => {
    const id = await activity({ capacity: null, category: 'plan', title: '女职工特殊疾病互助保障', eligibility: { womenOnly: true } });
    const man = await sign(id, (await member({ gender: 'male' })).token);
    expect(man.status).toBe(403);
    expect(man.body.message).toBe('仅限女职工');
    const unknown = await member();
    const listed = () => findListed(listActivities, unknown.token, id);
    expect(await listed()).toMatchObject({ eligible: false, whyNot: '仅限女职工（请先在「我的」里补填性别）' });
    const filled = await invoke(setMyGender, { method: 'POST', body: { gender: 'female' }, token: unknown.token });
    expect(filled.body.membership.gender).toBe('female');
    expect(await listed()).toMatchObject({ eligible: true });
    expect((await sign(id, unknown.token)).body.signup.status).toBe('confirmed');
    const stranger = await invoke(setMyGender, {
      method: 'POST',
      body: { gender: 'female' },
      token: (await signSession({ userId: `x-${randomUUID()}`, role: 'worker', actingOrgId: null })).token,
    });
    expect(stranger.status).toBe(404);
  });

  it('capacity cannot drop below the confirmed count', async () => {
    const id = await activity({ capacity: 3 });
    await Promise.all([member(), member()].map(async (m) => sign(id, (await m).token)));
    const lower = await invoke(setCapacity, {
      method: 'POST',
      params: { activityId: id },
      body: { capacity: 1 },
      token: await tokenFor('staff'),
    });
    expect(lower.status).toBe(409);
    expect(lower.body.message).toContain('2');
  });

  it('a worker calling staff routes → 403', async () => {
    const id = await activity();
    const reply = await invoke(listActivitySignups, { params: { activityId: id }, token: (await member()).token });
    expect(reply.status).toBe(403);
  });
});

describe('tickets and check-in', () => {
  it('签到成功 once, then 已签到 with time and staff; another activity’s ticket is refused', async () => {
    const id = await activity();
    const other = await activity();
    const p = await member();
    await sign(id, p.token);
    const ticket = (await invoke(listMySignups, { token: p.token })).body.signups.find((s: { activityId: string }) => s.activityId === id)
      .ticket.token;
    const staff = await tokenFor('staff');
    const first = await invoke(checkIn, { method: 'POST', params: { activityId: id }, body: { ticket }, token: staff });
    expect(first.body).toMatchObject({ result: 'checked-in', message: '签到成功', name: '张*会' });
    const second = await invoke(checkIn, { method: 'POST', params: { activityId: id }, body: { ticket }, token: staff });
    expect(second.body).toMatchObject({ result: 'already', by: '李老师' });
    expect(second.body.message).toMatch(/^已签到（\d{1,2}月\d{1,2}日 周[一二三四五六日] \d{2}:\d{2}，李老师）$/);
    const wrong = await invoke(checkIn, { method: 'POST', params: { activityId: other }, body: { ticket }, token: staff });
    expect(wrong.body.result).toBe('wrong-activity');
    expect((await counts(id)).checkedIn).toBe(1);
  });

  it('staff register a worker on the spot by scanning the member card, and check them in by card', async () => {
    const id = await activity({ capacity: 5 });
    const p = await member();
    const { token: card } = await signCardToken(p.memberNo);
    const staff = await tokenFor('staff');
    const registered = await invoke(registerOnSite, {
      method: 'POST',
      params: { activityId: id },
      body: { cardToken: card },
      token: staff,
    });
    expect(registered.status).toBe(201);
    expect(registered.body.signup.registeredBy).toMatch(/^李老师 \d{4}-/);
    const byCard = await invoke(checkIn, { method: 'POST', params: { activityId: id }, body: { ticket: card }, token: staff });
    expect(byCard.body.result).toBe('checked-in');
    const nobody = await invoke(checkIn, {
      method: 'POST',
      params: { activityId: id },
      body: { ticket: 'eyJhbGciOiJIUzI1NiJ9.e30.bad' },
      token: staff,
    });
    expect(nobody.body.result).toBe('not-found');
  });
});

describe('finding people without a QR', () => {
  it('staff search by phone tail or name (masked answers) and check in by the member number picked', async () => {
    const id = await activity({ capacity: 5 });
    const p = await member({ name: '欧阳小芳' });
    await sign(id, p.token);
    const staff = await tokenFor('staff');
    const search = async (q: string) =>
      (await invoke(searchActivitySignups, { params: { activityId: id }, query: { q }, token: staff })).body;
    const byPhone = await search(p.mobile.slice(-4));
    expect(byPhone.matches).toEqual([
      expect.objectContaining({ memberNo: p.memberNo, name: '欧**芳', phone: `*******${p.mobile.slice(-4)}`, status: 'confirmed' }),
    ]);
    expect(JSON.stringify(byPhone)).not.toContain(p.mobile);
    expect((await search('小芳')).matches).toHaveLength(1);
    expect((await search('9999')).matches.filter((m: { memberNo: string }) => m.memberNo === p.memberNo)).toHaveLength(0);
    const done = await invoke(checkIn, { method: 'POST', params: { activityId: id }, body: { memberNo: p.memberNo }, token: staff });
    expect(done.body).toMatchObject({ result: 'checked-in', message: '签到成功' });
    expect((await search('小芳')).matches[0].checkedInAt).toBeDefined();
    const both = await invoke(checkIn, {
      method: 'POST',
      params: { activityId: id },
      body: { memberNo: p.memberNo, ticket: 'x'.repeat(20) },
      token: staff,
    });
    expect(both.status).toBe(400);
    const empty = await invoke(searchActivitySignups, { params: { activityId: id }, query: { q: ' ' }, token: staff });
    expect(empty.status).toBe(400);
    expect(empty.body.fieldErrors.q).toBeDefined();
  });

  it('staff register a worker by phone number when the card will not scan', async () => {
    const id = await activity({ capacity: 5 });
    const p = await member();
    const staff = await tokenFor('staff');
    const registered = await invoke(registerOnSite, {
      method: 'POST',
      params: { activityId: id },
      body: { mobile: p.mobile },
      token: staff,
    });
    expect(registered.status).toBe(201);
    expect(registered.body.signup).toMatchObject({ status: 'confirmed', registeredBy: expect.stringMatching(/^李老师 /) });
    const unknown = await invoke(registerOnSite, {
      method: 'POST',
      params: { activityId: id },
      body: { mobile: '13900000000' },
      token: staff,
    });
    expect(unknown.status).toBe(404);
    // a number belonging to another union's member gets the very same answer: no phone look-up across the city
    const elsewhere = await member({ orgId: 'shunyi-houshayu' });
    const outside = await invoke(registerOnSite, {
      method: 'POST',
      params: { activityId: id },
      body: { mobile: elsewhere.mobile },
      token: staff,
    });
    expect(outside.status).toBe(404);
    expect(outside.body.message).toBe(unknown.body.message);
    expect(unknown.body.message).toContain('没有用这个手机号入会');
    const neither = await invoke(registerOnSite, { method: 'POST', params: { activityId: id }, body: {}, token: staff });
    expect(neither.status).toBe(400);
  });
});

describe('editing after publishing', () => {
  it('staff correct the text, window and rules; the new rules apply to the next sign-up; others are refused', async () => {
    const id = await activity({ capacity: 5 });
    const now = Date.now();
    const edit = {
      title: '中医义诊（改期）',
      description: '改到下午',
      category: 'service',
      place: '卢沟桥文化广场东侧',
      startsAt: new Date(now + 48 * hour).toISOString(),
      endsAt: new Date(now + 50 * hour).toISOString(),
      signupOpensAt: new Date(now - hour).toISOString(),
      signupClosesAt: new Date(now + 40 * hour).toISOString(),
      eligibility: { newEmploymentOnly: true },
      holdMinutes: 30,
    };
    const staff = await tokenFor('staff');
    const done = await invoke(updateActivity, { method: 'PUT', params: { activityId: id }, body: edit, token: staff });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      title: '中医义诊（改期）',
      place: '卢沟桥文化广场东侧',
      capacity: 5,
      holdMinutes: 30,
      eligibility: { newEmploymentOnly: true, activeMember: true },
    });
    const cleaner = await sign(id, (await member({ occupation: 'cleaner' })).token);
    expect(cleaner.status).toBe(403);
    expect(cleaner.body.message).toContain('新就业形态');

    const backwards = await invoke(updateActivity, {
      method: 'PUT',
      params: { activityId: id },
      body: { ...edit, endsAt: edit.startsAt, startsAt: edit.endsAt },
      token: staff,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.fieldErrors.endsAt).toEqual(['结束时间须晚于开始时间']);
    const withCapacity = await invoke(updateActivity, {
      method: 'PUT',
      params: { activityId: id },
      body: { ...edit, capacity: 1 },
      token: staff,
    });
    expect(withCapacity.status).toBe(400);
    const otherDistrict = await invoke(updateActivity, {
      method: 'PUT',
      params: { activityId: id },
      body: edit,
      token: await tokenFor('shunyi-staff'),
    });
    expect(otherDistrict.status).toBe(403);
    const worker = await invoke(updateActivity, { method: 'PUT', params: { activityId: id }, body: edit, token: (await member()).token });
    expect(worker.status).toBe(403);
  });
});

/** An activity as a list shows it, paging through (other tests fill the shared tables): undefined if absent. */
async function findListed(list: typeof listActivities, token: string, id: string): Promise<Record<string, unknown> | undefined> {
  let cursor: string | undefined;
  do {
    const reply = await invoke(list, { token, query: cursor ? { cursor } : {} });
    expect(reply.status).toBe(200);
    const found = reply.body.activities.find((a: { id: string }) => a.id === id);
    if (found) return found;
    cursor = reply.body.nextCursor;
  } while (cursor);
  return undefined;
}

describe('staff lists and export', () => {
  it('lists the org\u2019s activities and exports the sign-up list as CSV (full names for the own org only)', async () => {
    const id = await activity({ title: '读书沙龙', category: 'activity', capacity: 1 });
    const [a, b] = await Promise.all([member(), member()]);
    await sign(id, a.token);
    await sign(id, b.token);
    expect(await findListed(listStaffActivities, await tokenFor('staff'), id)).toBeDefined();
    const own = await invoke(exportActivitySignups, { params: { activityId: id }, token: await tokenFor('staff') });
    expect(own.body.csv).toContain('张小会');
    expect(own.body.csv).toContain('候补中');
    const district = await invoke(exportActivitySignups, { params: { activityId: id }, token: await tokenFor('admin') });
    expect(district.body.csv).toContain('张*会');
    expect(district.body.csv).not.toContain('张小会');
  });
});
