import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler as getDrawRoute } from './get-draw';
import { handler as runDrawRoute } from './run-draw';
import { handler as pardonRoute } from './pardon-no-show';
import { handler as cancelSignup } from '../activities/cancel-signup';
import { handler as checkIn } from '../activities/check-in';
import { handler as listActivities } from '../activities/list-activities';
import { handler as listMySignups } from '../activities/list-my-signups';
import { expireHolds } from '../activities/expire-holds';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { activity, hour, member, request, sign } from '../../test/functions-support/activities';
import { db, tableName } from '../lib/db';
import { getActivity, putActivity, type ActivityRecord } from '../tables/activities';
import { entryKey, getDraw, newSeed, putDraw, rankOf, runDraw } from '../tables/draws';
import { getMessage } from '../tables/inbox';
import { applyForDraw, getSignup, waitlistPosition } from '../tables/signups';
import { listAuditEntries } from '../tables/audit';
import { getOrg } from '../tables/orgs';
import { loadDraw, verifyDraw, type PublishedDraw } from '../../scripts/verify-draw';
import { recordRequests } from '../../test/functions-support/requests';

const run = promisify(execFile);
const staff = () => tokenFor('staff');
const sleepUntil = async (iso: string) => {
  const wait = Date.parse(iso) - Date.now() + 300;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
};

/** A draw activity (childcare-style: each child a place) whose window closes `closeInMs` from now. */
async function drawActivity(overrides: Record<string, unknown> = {}, closeInMs = 6_000) {
  const now = Date.now();
  return activity({
    title: '暑期托管班摇号',
    allocation: 'draw',
    capacity: 3,
    perMemberLimit: 3,
    eligibility: { activeMember: true, subtreeOnly: false, children: { minAge: 6, maxAge: 12 } },
    signupOpensAt: new Date(now - hour).toISOString(),
    signupClosesAt: new Date(now + closeInMs).toISOString(),
    startsAt: new Date(now + 24 * hour).toISOString(),
    endsAt: new Date(now + 26 * hour).toISOString(),
    holdMinutes: 60,
    ...overrides,
  });
}
const child = (name: string) => ({ name, age: 8 });

/**
 * The activity's card in the member's 活动 list, paging with the cursor: other suites running at the
 * same time publish activities that end sooner, so it need not be on the first page.
 */
async function listedCard(token: string, id: string) {
  let cursor: string | undefined;
  for (let page = 0; page < 500; page++) {
    const reply = await invoke(listActivities, { token, ...(cursor ? { query: { cursor } } : {}) });
    expect(reply.status).toBe(200);
    const card = reply.body.activities.find((x: { id: string }) => x.id === id);
    if (card) return { card, body: reply.body };
    cursor = reply.body.nextCursor;
    if (!cursor) break;
  }
  throw new Error(`activity ${id} not in the list`);
}

/** A draw activity stored directly (any times, even ended), its seed stored; not the sweeper's. */
async function storedDraw(overrides: Partial<ActivityRecord> = {}): Promise<ActivityRecord> {
  const now = Date.now();
  const record: ActivityRecord = {
    id: `ac-${randomUUID()}`,
    orgId: 'fengtai-lugouqiao',
    title: '庙会门票摇号',
    description: '',
    category: 'goods',
    place: '地坛',
    startsAt: new Date(now + 24 * hour).toISOString(),
    endsAt: new Date(now + 26 * hour).toISOString(),
    signupOpensAt: new Date(now - 2 * hour).toISOString(),
    signupClosesAt: new Date(now - hour).toISOString(),
    capacity: 50,
    perMemberLimit: 1,
    eligibility: { activeMember: false, subtreeOnly: false, newEmploymentOnly: false, womenOnly: false },
    waitlist: true,
    holdMinutes: 60,
    confirmed: 0,
    createdAt: new Date().toISOString(),
    createdBy: 'test',
    allocation: 'draw',
    ...overrides,
  };
  const { seed, commitment } = newSeed();
  await putDraw(record.id, seed, commitment, new Date(now + 365 * 24 * hour).toISOString()); // not the sweeper's
  await putActivity({ ...record, draw: { commitment } }, ['beijing', 'fengtai', 'fengtai-lugouqiao']);
  return (await getActivity(record.id, true))!;
}
const applyAs = (a: ActivityRecord, memberId: string, places = 1) =>
  applyForDraw(a, {
    activityId: a.id,
    memberId,
    memberName: '测试',
    memberNo: `BJ${memberId.slice(-6)}`,
    activityTitle: a.title,
    places,
    children: [],
  });
/** Stored directly: the capacity, as staff's 名额 route sets it (also on the counter). */
const setCapacityTo = (id: string, capacity: number) =>
  db().send(
    new UpdateCommand({
      TableName: tableName('activities'),
      Key: { id },
      UpdateExpression: 'SET #c = :c',
      ExpressionAttributeNames: { '#c': 'capacity' },
      ExpressionAttributeValues: { ':c': capacity },
    }),
  );
const apply = (id: string, token: string, children = [child('小明')]) => sign(id, token, { ...request(), children });

async function allPages(activityId: string): Promise<PublishedDraw> {
  const first = await invoke(getDrawRoute, { params: { activityId } });
  expect(first.status).toBe(200);
  const entries = [...first.body.entries];
  let cursor = first.body.nextCursor;
  while (cursor) {
    const next = await invoke(getDrawRoute, { params: { activityId }, query: { cursor } });
    entries.push(...next.body.entries);
    cursor = next.body.nextCursor;
  }
  return { ...first.body, entries };
}

describe('a 3-place draw among 10 applicants (one a family of three)', () => {
  it('commits before, applies without places, draws once, allocates in order, publishes a checkable order', async () => {
    const applicants = await Promise.all(Array.from({ length: 10 }, (_, i) => member({ name: `申请人${i}` })));
    const withdrawn = await member();
    // with a no-show rule: the winners' history is kept (checked at the check-in below)
    const id = await drawActivity({ noShow: { missed: 2, of: 3 } });
    const byKey = new Map(applicants.map((p) => [entryKey(id, p.userId), p]));
    const memberOfKey = (key: string) => byKey.get(key)!.userId;
    const a = (await getActivity(id, true))!;
    const stored = (await getDraw(id, true))!;
    expect(a.draw?.commitment).toBe(stored.commitment);
    expect(stored.seed).toMatch(/^[0-9a-f]{64}$/);
    const replies: unknown[] = [];

    // applications: 'applied', no place counted; a retry is the same application
    for (const [i, p] of applicants.entries()) {
      const reply = await apply(id, p.token, i === 0 ? [child('大宝'), child('二宝'), child('三宝')] : [child(`孩子${i}`)]);
      expect(reply.status).toBe(201);
      expect(reply.body.signup).toMatchObject({ status: 'applied', places: i === 0 ? 3 : 1 });
      replies.push(reply.body);
    }
    const again = await apply(id, applicants[1]!.token, [child('孩子1')]);
    expect(again.body).toMatchObject({ created: false, signup: { status: 'applied' } });
    // one more applies and withdraws before the close: not in the draw
    await apply(id, withdrawn.token);
    const withdrawal = await invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: withdrawn.token });
    expect(withdrawal.body.status).toBe('cancelled');

    const listed = await listedCard(applicants[2]!.token, id);
    const card = listed.card;
    expect(card).toMatchObject({
      allocation: 'draw',
      draw: { commitment: stored.commitment },
      confirmed: 0,
      placesLeft: 3,
      mySignup: { status: 'applied' },
    });
    replies.push(listed.body);
    const before = await invoke(getDrawRoute, { params: { activityId: id } });
    expect(before.body).toMatchObject({ state: 'open', commitment: stored.commitment, applicants: 10, entries: [] });
    expect(before.body.seed).toBeUndefined();
    replies.push(before.body);
    const early = await invoke(runDrawRoute, { method: 'POST', params: { activityId: id }, token: await staff() });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('报名截止后才能摇号');
    replies.push(early.body);
    // the seed is in no answer before the draw
    for (const r of replies) expect(JSON.stringify(r)).not.toContain(stored.seed);

    await sleepUntil(a.signupClosesAt);
    const late = await apply(id, (await member()).token);
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('报名已截止');
    const closed = await invoke(getDrawRoute, { params: { activityId: id } });
    expect(closed.body.state).toBe('closed');
    expect(JSON.stringify(closed.body)).not.toContain(stored.seed);
    const tooLate = await invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: applicants[3]!.token });
    expect(tooLate.status).toBe(409);

    // drawn twice at once, then once more: one order, drawn once, nothing twice
    const staffToken = await staff();
    const runs = await Promise.all(
      [1, 2].map(() => invoke(runDrawRoute, { method: 'POST', params: { activityId: id }, token: staffToken })),
    );
    expect(runs.map((r) => r.status)).toEqual([200, 200]);
    expect(runs.map((r) => r.body.drawnNow).sort()).toEqual([false, true]);
    const third = await invoke(runDrawRoute, { method: 'POST', params: { activityId: id }, token: staffToken });
    expect(third.body).toMatchObject({ drawnNow: false, applicants: 10 });
    expect(runs[0]!.body).toMatchObject({ ...third.body, drawnNow: runs[0]!.body.drawnNow });

    const published = await allPages(id);
    expect(published).toMatchObject({ state: 'drawn', seed: stored.seed, applicants: 10, capacity: 3 });
    expect(published.entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(published.entries.every((e) => e.rank === rankOf(stored.seed, e.key))).toBe(true);
    expect(JSON.stringify(published)).not.toMatch(/申请人/); // names masked
    expect(published.entries.find((e) => e.key === entryKey(id, applicants[0]!.userId))).toMatchObject({ places: 3 });
    // privacy: published keys only, never the members' internal ids
    for (const p of [...applicants, withdrawn]) expect(JSON.stringify(published)).not.toContain(p.userId);
    expect(published.entries.every((e) => byKey.has(e.key))).toBe(true);

    // the walk: places fit → won; the rest wait in draw order
    let left = 3;
    const won: string[] = [];
    const waiting: string[] = [];
    for (const e of published.entries) {
      if (e.places <= left) {
        left -= e.places;
        won.push(e.key);
        expect(e.outcome).toBe('won');
      } else {
        waiting.push(e.key);
        expect(e.outcome).toBe('waitlisted');
      }
    }
    const after = (await getActivity(id, true))!;
    expect(after.confirmed).toBe(3 - left);
    expect(after.confirmed).toBeLessThanOrEqual(3);
    expect(third.body.placesWon).toBe(3 - left);
    for (const key of won) expect(await getSignup(id, memberOfKey(key))).toMatchObject({ status: 'confirmed', counterId: id });
    for (const [i, key] of waiting.entries()) {
      const s = (await getSignup(id, memberOfKey(key)))!;
      expect(s.status).toBe('waitlisted');
      expect(await waitlistPosition(s)).toBe(i + 1);
    }
    // 我的报名: the drawn position; 消息: the outcome
    const mine = (await invoke(listMySignups, { token: byKey.get(won[0]!)!.token })).body.signups.find(
      (s: { activityId: string }) => s.activityId === id,
    );
    expect(mine).toMatchObject({ status: 'confirmed', drawPosition: published.entries.find((e) => e.key === won[0])!.position });
    const [firstWon, firstWaiting] = [memberOfKey(won[0]!), memberOfKey(waiting[0]!)];
    expect(await getMessage(firstWon, `draw#${id}#${firstWon}#won`)).toMatchObject({ kind: 'draw.won', target: { screen: 'signups', id } });
    expect(await getMessage(firstWaiting, `draw#${id}#${firstWaiting}#waitlisted`)).toMatchObject({
      kind: 'draw.waitlisted',
      body: expect.stringContaining('候补第 1 位（'),
    });

    // the script recomputes the same order from the revealed seed; a tampered file is 不一致
    expect(verifyDraw(published)).toEqual({ ok: true, entries: 10 });
    // from the URL, page by page (the route answering in place of the network)
    const viaUrl = await loadDraw(`https://api.example/activities/${id}/draw`, (async (url: URL) => {
      const cursor = url.searchParams.get('cursor');
      const reply = await invoke(getDrawRoute, { params: { activityId: id }, ...(cursor ? { query: { cursor } } : {}) });
      return { ok: reply.status === 200, status: reply.status, json: async () => reply.body };
    }) as unknown as typeof fetch);
    expect(verifyDraw(viaUrl)).toEqual({ ok: true, entries: 10 });
    const dir = mkdtempSync(join(tmpdir(), 'draw-'));
    writeFileSync(join(dir, 'draw.json'), JSON.stringify(published));
    const cli = await run('npx', ['tsx', 'scripts/verify-draw.ts', join(dir, 'draw.json')], { cwd: join(__dirname, '../..') });
    expect(cli.stdout).toContain('一致');
    const tampered = structuredClone(published);
    [tampered.entries[0]!.key, tampered.entries[1]!.key] = [tampered.entries[1]!.key, tampered.entries[0]!.key];
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));
    const bad = await run('npx', ['tsx', 'scripts/verify-draw.ts', join(dir, 'tampered.json')], { cwd: join(__dirname, '../..') }).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(bad).toMatchObject({ code: 1 });
    expect(bad!.stdout).toContain('不一致');
    expect(verifyDraw({ ...published, seed: published.seed!.replace(/^./, (c) => (c === '0' ? '1' : '0')) })).toMatchObject({ ok: false });

    // a winner checks in: the won place is attended in their history
    const winner = byKey.get(won[0]!)!;
    const scan = await invoke(checkIn, {
      method: 'POST',
      params: { activityId: id },
      body: { memberNo: winner.memberNo },
      token: staffToken,
    });
    expect(scan.body.result).toBe('checked-in');
    const { Item: history } = await db().send(
      new GetCommand({ TableName: tableName('draws'), Key: { pk: `noshow#${winner.userId}`, sk: a.orgId } }),
    );
    expect(history?.[`w_${id}`]).toMatchObject({ endsAt: a.endsAt, attended: expect.any(String) });
    // a check-in whose marking failed is repaired by the retry (已签到 marks it too)
    await db().send(
      new UpdateCommand({
        TableName: tableName('draws'),
        Key: { pk: `noshow#${winner.userId}`, sk: a.orgId },
        UpdateExpression: 'REMOVE #w.attended',
        ExpressionAttributeNames: { '#w': `w_${id}` },
      }),
    );
    const rescan = await invoke(checkIn, {
      method: 'POST',
      params: { activityId: id },
      body: { memberNo: winner.memberNo },
      token: staffToken,
    });
    expect(rescan.body.result).toBe('already');
    const { Item: repaired } = await db().send(
      new GetCommand({ TableName: tableName('draws'), Key: { pk: `noshow#${winner.userId}`, sk: a.orgId }, ConsistentRead: true }),
    );
    expect(repaired?.[`w_${id}`]).toMatchObject({ attended: expect.any(String) });

    // a winner cancels after the draw: the places go to the waiting list in draw order (existing hand-over)
    const leaver = byKey.get(won[won.length - 1]!)!;
    const freed = (await getSignup(id, leaver.userId))!.places;
    await invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: leaver.token });
    const head = (await getSignup(id, memberOfKey(waiting[0]!)))!;
    if (head.places <= freed) expect(head.status).toBe('offered');
    else expect(head.status).toBe('waitlisted'); // a family waits for enough places, in its turn
    // the rest wait; only the freed places can be on offer (a refill by the sweeper may offer them to the
    // first entry after a family that does not fit)
    const rest = await Promise.all(waiting.slice(1).map(async (key) => (await getSignup(id, memberOfKey(key)))!));
    for (const s of rest) expect(['waitlisted', 'offered']).toContain(s.status);
    const offered = [head, ...rest].filter((s) => s.status === 'offered').reduce((sum, s) => sum + s.places, 0);
    expect(offered).toBeLessThanOrEqual(freed);
    if (head.places <= freed) expect(rest.every((s) => s.status === 'waitlisted')).toBe(true);
  }, 60_000);
});

describe('a large draw', () => {
  it('1,050 entries: stored and published in pages of 500, allocated chunk by chunk, checkable from all pages', async () => {
    const a = await storedDraw();
    for (let i = 0; i < 1050; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => applyAs(a, `big-${i + j}`)));
    const first = await runDraw(a);
    expect(first).toMatchObject({ drawnNow: true, allocated: true, draw: { applicants: 1050, won: 50, waitlisted: 1000, chunks: 3 } });
    const published = await allPages(a.id);
    expect(published.entries).toHaveLength(1050);
    expect(verifyDraw(published)).toEqual({ ok: true, entries: 1050 });
    expect((await getActivity(a.id, true))!.confirmed).toBe(50);
    const last = published.entries[1049]!;
    const lastMember = Array.from({ length: 1050 }, (_, n) => `big-${n}`).find((m) => entryKey(a.id, m) === last.key)!;
    const s = (await getSignup(a.id, lastMember))!;
    expect(s).toMatchObject({ status: 'waitlisted', drawPosition: 1050 });
    expect(await waitlistPosition(s)).toBe(1000);
    expect((await runDraw(a)).drawnNow).toBe(false);
  }, 120_000);
});

describe('the sweeper draws a closed draw by itself', () => {
  it('finds the draw after the close and allocates it (bounded per sweep)', async () => {
    const [p, q] = await Promise.all([member(), member()]);
    const id = await drawActivity({ waitlist: false, capacity: 1 }, 4_000);
    await apply(id, p.token);
    await apply(id, q.token);
    // as if the window had closed a minute ago
    const past = new Date(Date.now() - 60_000).toISOString();
    await db().send(
      new UpdateCommand({
        TableName: tableName('activities'),
        Key: { id },
        UpdateExpression: 'SET signupClosesAt = :past',
        ExpressionAttributeValues: { ':past': past },
      }),
    );
    await db().send(
      new UpdateCommand({
        TableName: tableName('draws'),
        Key: { pk: `draw#${id}`, sk: '-' },
        UpdateExpression: 'SET closesAt = :past',
        ExpressionAttributeValues: { ':past': past },
      }),
    );
    for (let sweep = 0; sweep < 20 && !(await getDraw(id, true))!.allocatedAt; sweep++) await expireHolds();
    const draw = (await getDraw(id, true))!;
    expect(draw).toMatchObject({ applicants: 2, won: 1, waitlisted: 0, allocatedAt: expect.any(String) });
    const statuses = [(await getSignup(id, p.userId))!.status, (await getSignup(id, q.userId))!.status].sort();
    expect(statuses).toEqual(['confirmed', 'not-drawn']);
    // the activity carries the result: staff's 摇号 card shows it without having run the draw
    expect((await getActivity(id, true))!.draw).toMatchObject({
      drawnAt: draw.drawnAt,
      applicants: 2,
      won: 1,
      placesWon: 1,
      waitlisted: 0,
    });
  }, 60_000);
});

describe('the no-show rule', () => {
  it('bars a member who missed 2 of their last 3 won places: why-not in the list, 403 on apply; a pardon lets them in, audited', async () => {
    const barred = await member({ name: '王小明' });
    const ok = await member();
    const past = (days: number) => new Date(Date.now() - days * 24 * hour).toISOString();
    // their history in this org's draws: two won places ended without check-in, one attended
    await db().send(
      new PutCommand({
        TableName: tableName('draws'),
        Item: {
          pk: `noshow#${barred.userId}`,
          sk: 'fengtai-lugouqiao',
          'w_ac-old-1': { endsAt: past(30) },
          'w_ac-old-2': { endsAt: past(20), attended: past(20) },
          'w_ac-old-3': { endsAt: past(10) },
        },
      }),
    );
    const id = await drawActivity({ noShow: { missed: 2, of: 3 } }, 60_000);
    const why = '您最近 3 次中签有 2 次未签到，本期不能参加摇号';
    expect((await listedCard(barred.token, id)).card).toMatchObject({ eligible: false, whyNot: why });
    const refused = await apply(id, barred.token);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(why);
    expect((await apply(id, ok.token)).status).toBe(201);

    const staffToken = await staff();
    const bad = await invoke(pardonRoute, {
      method: 'POST',
      params: { activityId: id },
      body: { memberNo: barred.memberNo },
      token: staffToken,
    });
    expect(bad.status).toBe(400);
    const pardon = await invoke(pardonRoute, {
      method: 'POST',
      params: { activityId: id },
      body: { memberNo: barred.memberNo, reason: '上次因加班未能到场，已说明情况' },
      token: staffToken,
    });
    expect(pardon.status).toBe(200);
    expect(pardon.body).toMatchObject({ memberNo: barred.memberNo, name: '王*明' });
    expect((await listedCard(barred.token, id)).card).toMatchObject({ eligible: true });
    expect((await apply(id, barred.token)).body.signup.status).toBe('applied');
    const org = (await getOrg('fengtai-lugouqiao'))!;
    const audit = await listAuditEntries(org, { kind: 'draw.pardon' }, 50);
    expect(audit.entries.find((e) => e.objectId === `${id}/${barred.userId}`)).toMatchObject({
      kind: 'draw.pardon',
      summary: expect.stringContaining('上次因加班未能到场'),
    });
    // the pardon is for this activity only: another draw of the org still bars them
    const other = await drawActivity({ noShow: { missed: 2, of: 3 } }, 60_000);
    expect((await apply(other, barred.token)).status).toBe(403);
    // an unknown member number
    const nobody = await invoke(pardonRoute, {
      method: 'POST',
      params: { activityId: id },
      body: { memberNo: 'NOSUCH0001', reason: '测试原因' },
      token: staffToken,
    });
    expect(nobody.status).toBe(404);
  }, 60_000);
});

describe('draws refuse what does not fit', () => {
  it('a draw needs a capacity; allocation cannot be edited; a first-come activity has no draw', async () => {
    const noCap = await invoke((await import('../activities/create-activity')).handler, {
      method: 'POST',
      body: {
        orgId: 'fengtai-lugouqiao',
        title: '摇号',
        category: 'goods',
        place: '地坛',
        capacity: null,
        allocation: 'draw',
        startsAt: new Date(Date.now() + 24 * hour).toISOString(),
        endsAt: new Date(Date.now() + 26 * hour).toISOString(),
        signupOpensAt: new Date(Date.now() - hour).toISOString(),
        signupClosesAt: new Date(Date.now() + 20 * hour).toISOString(),
        eligibility: { activeMember: false, subtreeOnly: false },
      },
      token: await staff(),
    });
    expect(noCap.status).toBe(400);
    // the allocation is fixed once published: an edit naming it is refused
    const drawId = await drawActivity({}, 60_000);
    const a = (await getActivity(drawId))!;
    const edit = await invoke((await import('../activities/update-activity')).handler, {
      method: 'PUT',
      params: { activityId: drawId },
      body: {
        title: a.title,
        category: a.category,
        place: a.place,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        signupOpensAt: a.signupOpensAt,
        signupClosesAt: a.signupClosesAt,
        eligibility: a.eligibility,
        allocation: 'first-come',
      },
      token: await staff(),
    });
    expect(edit.status).toBe(400);
    expect((await getActivity(drawId, true))!.allocation).toBe('draw');
    const firstCome = await activity();
    expect((await invoke(getDrawRoute, { params: { activityId: firstCome } })).status).toBe(404);
    const runIt = await invoke(runDrawRoute, { method: 'POST', params: { activityId: firstCome }, token: await staff() });
    expect(runIt.status).toBe(409);
    const other = await invoke(runDrawRoute, {
      method: 'POST',
      params: { activityId: await drawActivity() },
      token: await tokenFor('shunyi-staff'),
    });
    expect(other.status).toBe(403);
    const cursor = await invoke(getDrawRoute, { params: { activityId: await drawActivity() }, query: { cursor: 'not-a-cursor' } });
    expect(cursor.status).toBe(400);
  });
});

describe('capacity edits after the draw', () => {
  it('publishes the capacity the order used: checkable (一致) after staff lower it before allocation and raise it after', async () => {
    const a = await storedDraw({ capacity: 3 });
    const members = Array.from({ length: 6 }, (_, i) => `cap-${randomUUID()}-${i}`);
    for (const m of members) await applyAs(a, m);
    // the order is fixed, allocation cut short at once (the sweeper would finish it)
    const fixed = await runDraw(a, new Date(), Date.now() - 1);
    expect(fixed).toMatchObject({ drawnNow: true, allocated: false, draw: { capacity: 3, won: 3, waitlisted: 3 } });
    // staff lower the capacity to 1 before the places are given: two winners find no room
    await setCapacityTo(a.id, 1);
    const lowered = (await getActivity(a.id, true))!;
    expect((await runDraw(lowered)).allocated).toBe(true);
    const published = await allPages(a.id);
    expect(published.capacity).toBe(3);
    expect(verifyDraw(published)).toEqual({ ok: true, entries: 6, moved: 2 });
    const won = published.entries.filter((e) => e.outcome === 'won');
    expect(won.map((e) => e.movedTo)).toEqual([undefined, 'waitlisted', 'waitlisted']);
    const memberOf = (key: string) => members.find((m) => entryKey(a.id, m) === key)!;
    expect((await getSignup(a.id, memberOf(won[0]!.key)))!.status).toBe('confirmed');
    // the waiting list in draw order: the two moved winners first, then the three who did not win;
    // each told their true place (never 候补第 0 位)
    const waiting = published.entries.filter((e) => e.outcome !== 'won' || e.movedTo);
    for (const [i, e] of waiting.entries()) {
      const m = memberOf(e.key);
      const s = (await getSignup(a.id, m))!;
      expect(s.status).toBe('waitlisted');
      expect(await waitlistPosition(s)).toBe(i + 1);
      expect(await getMessage(m, `draw#${a.id}#${m}#waitlisted`)).toMatchObject({
        body: expect.stringContaining(`候补第 ${i + 1} 位（`),
      });
    }
    // raised afterwards: the published draw still says what the order was drawn with
    await setCapacityTo(a.id, 10);
    const raised = await allPages(a.id);
    expect(raised.capacity).toBe(3);
    expect(verifyDraw(raised)).toMatchObject({ ok: true });
    expect((await getActivity(a.id, true))!.capacity).toBe(10);
  }, 60_000);
});

describe('the no-show history', () => {
  it('keeps only wins of draws with the rule: two missed 庙会门票 places do not bar a member from a ruled draw', async () => {
    const p = await member();
    const ended = { startsAt: new Date(Date.now() - 3 * hour).toISOString(), endsAt: new Date(Date.now() - 2 * hour).toISOString() };
    for (let i = 0; i < 2; i++) {
      const fair = await storedDraw({ ...ended, signupClosesAt: new Date(Date.now() - 4 * hour).toISOString(), capacity: 5 });
      await applyAs(fair, p.userId);
      await runDraw(fair);
      expect((await getSignup(fair.id, p.userId))!.status).toBe('confirmed'); // won, never checked in
    }
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName('draws'), Key: { pk: `noshow#${p.userId}`, sk: 'fengtai-lugouqiao' }, ConsistentRead: true }),
    );
    expect(Item).toBeUndefined();
    const ruled = await drawActivity({ noShow: { missed: 2, of: 3 } }, 60_000);
    expect((await listedCard(p.token, ruled)).card).toMatchObject({ eligible: true });
    expect((await apply(ruled, p.token)).status).toBe(201);
  }, 60_000);
});

describe('applications and the fixed order', () => {
  it('an application landing after the order was fixed is refused (409), one racing the draw is never left applied', async () => {
    const a = await storedDraw({ capacity: 5 });
    const early = Array.from({ length: 5 }, (_, i) => `race-${randomUUID()}-${i}`);
    for (const m of early) await applyAs(a, m);
    const racing = Array.from({ length: 15 }, (_, i) => `race-${randomUUID()}-r${i}`);
    const [run, ...applied] = await Promise.allSettled([runDraw(a), ...racing.map((m) => applyAs(a, m))]);
    expect(run.status).toBe('fulfilled');
    for (const r of applied)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict', message: '报名已截止，已开始摇号' });
    await runDraw(a);
    const draw = (await getDraw(a.id, true))!;
    const published = await allPages(a.id);
    expect(published.entries).toHaveLength(draw.applicants!);
    for (const m of [...early, ...racing]) {
      const s = await getSignup(a.id, m);
      expect(s?.status).not.toBe('applied');
      if (s) expect(published.entries.some((e) => e.key === entryKey(a.id, m))).toBe(true);
    }
    // after the draw: refused, nothing written
    const late = `race-${randomUUID()}-late`;
    await expect(applyAs(a, late)).rejects.toMatchObject({ code: 'conflict', message: '报名已截止，已开始摇号' });
    expect(await getSignup(a.id, late)).toBeNull();
    expect((await getDraw(a.id, true))!.applicants).toBe(draw.applicants);
  }, 60_000);

  it('GET …/draw before the draw answers the count from the draw item: bounded reads, whatever the number of applications', async () => {
    const a = await storedDraw({ signupClosesAt: new Date(Date.now() + hour).toISOString() });
    const members = Array.from({ length: 30 }, (_, i) => `count-${randomUUID()}-${i}`);
    await Promise.all(members.map((m) => applyAs(a, m)));
    await applyAs(a, members[0]!); // a retry: not counted twice
    const { result, sent } = await recordRequests(() => invoke(getDrawRoute, { params: { activityId: a.id } }));
    expect(result.body).toMatchObject({ state: 'open', applicants: 30, entries: [] });
    expect(sent.map((r) => r.command).sort()).toEqual(['GetItemCommand', 'GetItemCommand']);
    // a withdrawal counts out
    const cancelled = await import('../tables/signups').then(({ release }) => release(a, members[1]!, 'cancelled'));
    expect(cancelled?.status).toBe('cancelled');
    expect((await invoke(getDrawRoute, { params: { activityId: a.id } })).body.applicants).toBe(29);
  }, 60_000);
});

describe('staff edits of a draw', () => {
  const editBody = (a: ActivityRecord, changes: Record<string, unknown>) => ({
    title: a.title,
    category: a.category,
    place: a.place,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    signupOpensAt: a.signupOpensAt,
    signupClosesAt: a.signupClosesAt,
    eligibility: a.eligibility,
    ...changes,
  });
  it('a moved window moves the sweeper’s close; noShow: null removes the rule; a pardon needs a rule and an undrawn draw', async () => {
    const update = (await import('../activities/update-activity')).handler;
    const id = await drawActivity({ noShow: { missed: 2, of: 3 } }, 2 * hour);
    const a = (await getActivity(id, true))!;
    const sooner = new Date(Date.now() + hour).toISOString();
    const moved = await invoke(update, {
      method: 'PUT',
      params: { activityId: id },
      body: editBody(a, { signupClosesAt: sooner, noShow: null }),
      token: await staff(),
    });
    expect(moved.status).toBe(200);
    expect(moved.body.noShow).toBeUndefined();
    expect((await getDraw(id, true))!.closesAt).toBe(sooner);
    const p = await member();
    const noRule = await invoke(pardonRoute, {
      method: 'POST',
      params: { activityId: id },
      body: { memberNo: p.memberNo, reason: '测试原因' },
      token: await staff(),
    });
    expect(noRule.status).toBe(409);
    expect(noRule.body.message).toContain('没有未签到限制');
    // drawn: a pardon would change nothing
    const drawn = await storedDraw({ noShow: { missed: 1, of: 1 } });
    await runDraw(drawn);
    const late = await invoke(pardonRoute, {
      method: 'POST',
      params: { activityId: drawn.id },
      body: { memberNo: p.memberNo, reason: '测试原因' },
      token: await staff(),
    });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('已经摇号');
  }, 60_000);
});

describe('verify-draw when it cannot read the published draw', () => {
  const fails = (status: number, json: () => Promise<unknown> = async () => ({})) =>
    (async () => ({ ok: status === 200, status, json })) as unknown as typeof fetch;
  const cli = (source: string) =>
    run('npx', ['tsx', 'scripts/verify-draw.ts', source], { cwd: join(__dirname, '../..') }).then(
      (done) => ({ code: 0, ...done }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('says why in Chinese (无法读取摇号公示：…) and exits 1, never 0', async () => {
    const offline = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    }) as unknown as typeof fetch;
    await expect(loadDraw('https://api.example/activities/ac-x/draw', offline)).rejects.toThrow(
      '无法读取摇号公示：连不上 https://api.example（ECONNREFUSED），请检查网址和网络',
    );
    await expect(loadDraw('https://api.example/activities/ac-x/draw', fails(404))).rejects.toThrow(
      '无法读取摇号公示：https://api.example/activities/ac-x/draw 回答 HTTP 404，请检查网址',
    );
    const html = fails(200, async () => JSON.parse('<!doctype html>'));
    await expect(loadDraw('https://api.example/activities/ac-x/draw', html)).rejects.toThrow(/^无法读取摇号公示：.*不是 JSON/);
    await expect(loadDraw('https://api.example/activities/ac-x/draw', fails(200))).rejects.toThrow(/^无法读取摇号公示：.*不是摇号公示/);

    // the command as the H5 page once copied it: a relative address, read as a file that is not there
    const relative = await cli('/api/activities/ac-x/draw');
    expect(relative).toMatchObject({ code: 1 });
    expect(relative.stderr).toContain('无法读取摇号公示：找不到文件 /api/activities/ac-x/draw。网址请写完整');
    expect(relative.stdout).not.toContain('一致');
    const dir = mkdtempSync(join(tmpdir(), 'draw-'));
    writeFileSync(join(dir, 'not-json.txt'), 'hello');
    writeFileSync(join(dir, 'not-a-draw.json'), '{"items":[]}');
    for (const [file, says] of [
      ['not-json.txt', '的内容不是 JSON'],
      ['not-a-draw.json', '的内容不是摇号公示'],
    ]) {
      const answer = await cli(join(dir, file!));
      expect(answer).toMatchObject({ code: 1 });
      expect(answer.stderr).toMatch(/^无法读取摇号公示：/);
      expect(answer.stderr).toContain(`${join(dir, file!)} ${says}`);
    }
  });
});
