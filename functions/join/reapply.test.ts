import { createHash, randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { handler as createJoinCode } from './create-join-code';
import { handler as joinUnion } from './join-union';
import { handler as listMemberships } from './list-memberships';
import { handler as reviewMembership } from './review-membership';
import { handler as getMyMembership } from './get-my-membership';
import { handler as reapply } from './reapply-membership';
import { handler as listMyMessages } from '../messages/list-my-messages';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { db, tableName } from '../lib/db';
import { signSession } from '../lib/auth/session-token';
import { figuresOf } from '../tables/join-codes';

/**
 * 退回 → 修改后重新提交: the returned application is replaced by a new pending one in one
 * transaction (tables/members.ts reapplyMember), on DynamoDB Local.
 */

let phoneSeq = 0;
const newPhone = () => `136${String(Date.now() % 1e4).padStart(4, '0')}${String(phoneSeq++).padStart(4, '0')}`;
const form = (overrides: Record<string, unknown> = {}) => ({
  name: '孙退回',
  mobile: newPhone(),
  employer: '饿了么',
  occupation: 'food-delivery',
  consent: true,
  ...overrides,
});
const phoneKey = (mobile: string) => ({ pk: `phone#${createHash('sha256').update(mobile).digest('hex')}` });
const raw = async (table: 'members' | 'joinCodes', Key: Record<string, string>) =>
  (await db().send(new GetCommand({ TableName: tableName(table), Key, ConsistentRead: true }))).Item;
const figures = async (codeId: string) => figuresOf((await raw('joinCodes', { id: codeId }))!);
const hourTotal = (f: { byHour: { joins: number }[] }) => f.byHour.reduce((s, h) => s + h.joins, 0);

async function newCode(login: 'staff' | 'shunyi-staff' = 'staff', orgId = 'fengtai-lugouqiao') {
  const reply = await invoke(createJoinCode, {
    method: 'POST',
    body: { orgId, event: { title: '骑手恳谈会', date: '2026-11-30', place: '卢沟桥文化广场' } },
    token: await tokenFor(login),
  });
  expect(reply.status).toBe(201);
  return reply.body as { id: string; token: string };
}

const review = async (userId: string, body: Record<string, unknown>, login: 'staff' | 'shunyi-staff' = 'staff') =>
  invoke(reviewMembership, { method: 'POST', params: { memberId: userId }, body, token: await tokenFor(login) });

/** A worker who joined through `code` and whose application staff returned. */
async function returnedWorker(code: { token: string }, body = form()) {
  const userId = `w-${randomUUID()}`;
  const session = (await signSession({ userId, role: 'worker', actingOrgId: null })).token;
  const joined = await invoke(joinUnion, { method: 'POST', params: { token: code.token }, body, token: session });
  expect(joined.status).toBe(201);
  expect((await review(userId, { decision: 'reject', reason: '工作单位没写全' })).status).toBe(200);
  return { userId, session, body, memberNo: joined.body.membership.memberNo as string };
}

/** The staff queue of a status, paged through until the member is found (other suites share the table). */
async function inQueue(login: 'staff' | 'shunyi-staff', status: string, memberNo: string) {
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const reply = await invoke(listMemberships, { query: { status, ...(cursor ? { cursor } : {}) }, token: await tokenFor(login) });
    const found = reply.body.members.find((m: { memberNo: string }) => m.memberNo === memberNo);
    if (found) return found;
    cursor = reply.body.nextCursor;
    if (!cursor) return undefined;
  }
  return undefined;
}

describe('a returned application, corrected and sent again', () => {
  it('is replaced by a pending one: in the queue as 重新提交, TTL gone, phone marker moved, number kept, figures exact', async () => {
    const code = await newCode();
    const w = await returnedWorker(code, form({ wantsMutualAidCard: false }));
    expect(await figures(code.id)).toMatchObject({ joins: 1, pending: 0, rejected: 1, cardRequests: 0 });
    const before = (await raw('members', { pk: `member#${w.userId}` }))!;
    expect(before.expiresAt).toEqual(expect.any(Number));

    const mobile = newPhone();
    const corrected = form({ name: '孙退回', mobile, employer: '饿了么 丰台站点', gender: 'female', wantsMutualAidCard: true });
    const reply = await invoke(reapply, { method: 'POST', body: corrected, token: w.session });
    expect(reply.status).toBe(200);
    expect(reply.body.resubmitted).toBe(true);
    expect(reply.body.membership).toMatchObject({
      status: 'pending',
      memberNo: w.memberNo,
      mobile,
      employer: '饿了么 丰台站点',
      gender: 'female',
      cardRequest: 'requested',
      orgName: '卢沟桥街道总工会',
    });
    expect(reply.body.membership.rejectReason).toBeUndefined();
    expect(reply.body.membership.joinedAt > (before.joinedAt as string)).toBe(true);
    expect(reply.body.membership.history.map((h: { what: string }) => h.what)).toEqual([
      '在「骑手恳谈会」扫码提交入会申请',
      '已退回：工作单位没写全',
      '修改后重新提交入会申请',
    ]);

    // the items: no TTL anywhere, the old phone's marker gone, the new one the member's
    const after = (await raw('members', { pk: `member#${w.userId}` }))!;
    expect(after).not.toHaveProperty('expiresAt');
    expect(after).not.toHaveProperty('rejectReason');
    expect(after.queue).toBe('fengtai-lugouqiao#pending');
    expect(after.listKey).toBe(`${reply.body.membership.joinedAt}#${w.userId}`);
    expect(await raw('members', phoneKey(w.body.mobile as string))).toBeUndefined();
    expect(await raw('members', phoneKey(mobile))).toEqual({ ...phoneKey(mobile), userId: w.userId });
    expect(await raw('members', { pk: `memberno#${w.memberNo}` })).toEqual({ pk: `memberno#${w.memberNo}`, userId: w.userId });

    // one join still: rejected −1, pending +1, the card request counted, the hour total = joins
    const f = await figures(code.id);
    expect(f).toMatchObject({ joins: 1, pending: 1, approved: 0, rejected: 0, cardRequests: 1 });
    expect(hourTotal(f)).toBe(1);

    // staff see it in the pending queue of the org, marked as sent again, and can decide again
    expect(await inQueue('staff', 'pending', w.memberNo)).toMatchObject({
      status: 'pending',
      resubmitted: true,
      lastReturnReason: '工作单位没写全',
      employer: '饿了么 丰台站点',
    });
    expect(await inQueue('staff', 'rejected', w.memberNo)).toBeUndefined();
    expect((await review(w.userId, { decision: 'reject', reason: '请写全名' })).status).toBe(200);
    // the second return is told too (its own message, not taken for the first one)
    const messages = (await invoke(listMyMessages, { query: {}, token: w.session })).body.messages as { title: string; body: string }[];
    expect(messages.filter((m) => m.title === '入会申请被退回').map((m) => m.body)).toEqual([
      expect.stringContaining('原因：请写全名。可修改后重新申请。'),
      expect.stringContaining('原因：工作单位没写全。可修改后重新申请。'),
    ]);
    const again = await invoke(reapply, { method: 'POST', body: { ...corrected, name: '孙小退' }, token: w.session });
    expect(again.body).toMatchObject({ resubmitted: true, membership: { status: 'pending', name: '孙小退' } });
    // 上次退回 is the latest return, not the first
    expect(await inQueue('staff', 'pending', w.memberNo)).toMatchObject({ lastReturnReason: '请写全名' });
    expect((await review(w.userId, { decision: 'approve' })).body.status).toBe('active');
    expect(await figures(code.id)).toMatchObject({ joins: 1, pending: 0, approved: 1, rejected: 0, cardRequests: 1 });
  });

  it('ten simultaneous re-submissions make one pending application; figures move once', async () => {
    const code = await newCode();
    const w = await returnedWorker(code);
    const body = form({ mobile: w.body.mobile, employer: '饿了么（丰台）' });
    const replies = await Promise.all(Array.from({ length: 10 }, () => invoke(reapply, { method: 'POST', body, token: w.session })));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(replies.filter((r) => r.body.resubmitted)).toHaveLength(1);
    expect(new Set(replies.map((r) => `${r.body.membership.status}#${r.body.membership.joinedAt}`)).size).toBe(1);
    const mine = (await invoke(getMyMembership, { token: w.session })).body.membership;
    expect(mine.history.filter((h: { what: string }) => h.what === '修改后重新提交入会申请')).toHaveLength(1);
    const f = await figures(code.id);
    expect(f).toMatchObject({ joins: 1, pending: 1, rejected: 0 });
    expect(hourTotal(f)).toBe(1);
    // the phone kept: its marker stays the member's, without the TTL
    expect(await raw('members', phoneKey(w.body.mobile as string))).toEqual({ ...phoneKey(w.body.mobile as string), userId: w.userId });
  });

  it('through a join code: the same code makes it pending again; another org’s code moves it and its join there', async () => {
    const code = await newCode();
    const same = await returnedWorker(code);
    const rejoined = await invoke(joinUnion, { method: 'POST', params: { token: code.token }, body: same.body, token: same.session });
    expect(rejoined.body).toMatchObject({ created: true, membership: { status: 'pending', memberNo: same.memberNo } });
    expect(await figures(code.id)).toMatchObject({ joins: 1, pending: 1, rejected: 0 });
    // a retry of that scan: the pending application, unchanged
    const retry = await invoke(joinUnion, { method: 'POST', params: { token: code.token }, body: same.body, token: same.session });
    expect(retry.body).toMatchObject({ created: false, membership: { joinedAt: rejoined.body.membership.joinedAt } });

    const moved = await returnedWorker(code);
    const elsewhere = await newCode('shunyi-staff', 'shunyi-houshayu');
    const there = await invoke(joinUnion, { method: 'POST', params: { token: elsewhere.token }, body: moved.body, token: moved.session });
    expect(there.status).toBe(201);
    expect(there.body.membership).toMatchObject({ status: 'pending', orgId: 'shunyi-houshayu', memberNo: moved.memberNo });
    expect(await figures(code.id)).toMatchObject({ joins: 1, pending: 1, rejected: 0 }); // only `same` left on it
    const f = await figures(elsewhere.id);
    expect(f).toMatchObject({ joins: 1, pending: 1, rejected: 0 });
    expect(hourTotal(f)).toBe(1);
    expect(await inQueue('shunyi-staff', 'pending', moved.memberNo)).toMatchObject({ resubmitted: true });
    expect(await inQueue('staff', 'pending', moved.memberNo)).toBeUndefined();
    expect(await inQueue('staff', 'rejected', moved.memberNo)).toBeUndefined();
  });

  it('a pending or active membership is not changed by 重新提交; nor is anything when the phone is another member’s', async () => {
    const code = await newCode();
    const userId = `w-${randomUUID()}`;
    const session = (await signSession({ userId, role: 'worker', actingOrgId: null })).token;
    const body = form();
    const joined = await invoke(joinUnion, { method: 'POST', params: { token: code.token }, body, token: session });
    const pending = await invoke(reapply, { method: 'POST', body: { ...body, name: '改个名' }, token: session });
    expect(pending.body).toMatchObject({
      resubmitted: false,
      membership: { status: 'pending', name: '孙退回', joinedAt: joined.body.membership.joinedAt },
    });
    await review(userId, { decision: 'approve' });
    const active = await invoke(reapply, { method: 'POST', body: { ...body, name: '改个名' }, token: session });
    expect(active.body).toMatchObject({ resubmitted: false, membership: { status: 'active', name: '孙退回' } });
    expect(await figures(code.id)).toMatchObject({ joins: 1, pending: 0, approved: 1 });

    // a returned worker trying another member's number: 409 beside the phone, the application still returned
    const w = await returnedWorker(code);
    const taken = await invoke(reapply, { method: 'POST', body: { ...w.body, mobile: body.mobile }, token: w.session });
    expect(taken.status).toBe(409);
    expect(taken.body.fieldErrors.mobile[0]).toContain('手机号');
    expect((await raw('members', { pk: `member#${w.userId}` }))!).toMatchObject({ status: 'rejected', expiresAt: expect.any(Number) });
    expect(await figures(code.id)).toMatchObject({ joins: 2, approved: 1, rejected: 1, pending: 0 });
  });

  it('bad input: 400 with field errors, 404 without an application, and nothing changes', async () => {
    const code = await newCode();
    const w = await returnedWorker(code);
    for (const [overrides, field] of [
      [{ mobile: '12345' }, 'mobile'],
      [{ consent: false }, 'consent'],
      [{ name: '' }, 'name'],
      [{ occupation: 'astronaut' }, 'occupation'],
      [{ orgId: 'shunyi-houshayu' }, 'orgId'],
    ] as const) {
      const reply = await invoke(reapply, { method: 'POST', body: form(overrides), token: w.session });
      expect(reply.status).toBe(400);
      expect(Object.keys(reply.body.fieldErrors)).toContain(field);
    }
    expect((await raw('members', { pk: `member#${w.userId}` }))!.status).toBe('rejected');
    const stranger = (await signSession({ userId: `w-${randomUUID()}`, role: 'worker', actingOrgId: null })).token;
    const none = await invoke(reapply, { method: 'POST', body: form(), token: stranger });
    expect(none.status).toBe(404);
    expect(none.body.message).toContain('入会二维码');
  });
});
