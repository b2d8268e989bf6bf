import { handler as reviewMembership } from '../join/review-membership';
import { handler as requestTransfer } from '../join/request-transfer';
import { handler as acceptTransfer } from '../join/accept-transfer';
import { handler as cancelSignup } from '../activities/cancel-signup';
import { expireHolds } from '../activities/expire-holds';
import { handler as listMyMessages } from './list-my-messages';
import { handler as markMyMessagesRead } from './mark-my-messages-read';
import { handler as getMyUnreadCount } from './get-my-unread-count';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { activity, member, sign } from '../../test/functions-support/activities';
import { beijingDisplay } from '../../shared/beijing-time';
import { getSignup } from '../tables/signups';
import { getMessage, recordEvent } from '../tables/inbox';
import { getMember } from '../tables/members';
import type { Message } from '../../shared/schemas/message';
import { randomUUID } from 'node:crypto';
import { handler as reportProblem } from '../stations/report-station-problem';
import { handler as resolveReport } from '../stations/resolve-report';
import { handler as createInvitation } from '../invitations/create-invitation';
import { handler as acceptInvitation } from '../invitations/accept-invitation';
import { makeAdmin, putUserWithIdentity } from '../tables/users';
import { signSession } from '../lib/auth/session-token';
import { stationIdFor } from '../tables/stations';
import { invitationFromLaunch } from '../../shared/schemas/invitation';

type Member = Awaited<ReturnType<typeof member>>;
const messagesOf = async (m: Member, cursor?: string) =>
  (await invoke(listMyMessages, { query: cursor ? { cursor } : {}, token: m.token })).body as { messages: Message[]; nextCursor?: string };
const unread = async (m: Member) => (await invoke(getMyUnreadCount, { token: m.token })).body as { unread: number; capped: boolean };
const markRead = (m: Member, body: Record<string, unknown>) => invoke(markMyMessagesRead, { method: 'POST', body, token: m.token });
const review = async (m: Member, body: Record<string, unknown>) =>
  invoke(reviewMembership, { method: 'POST', params: { memberId: m.userId }, body, token: await tokenFor('staff') });

describe('join reviewed → the member is told once', () => {
  it('staff approve: exactly one message for the member; a replayed approve adds none', async () => {
    const m = await member({ status: 'pending' });
    expect((await review(m, { decision: 'approve' })).status).toBe(200);
    expect((await review(m, { decision: 'approve' })).status).toBe(200); // a retry after a lost answer
    const { messages } = await messagesOf(m);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      kind: 'join.approved',
      title: '入会申请已通过',
      read: false,
      target: { screen: 'card' },
    });
    expect(messages[0]!.body).toContain('卢沟桥街道总工会');
    expect(await unread(m)).toEqual({ unread: 1, capped: false });
    // what the WeChat sender will pick up
    expect(await getMessage(m.userId, `join#${m.userId}#${await joinedAtOf(m)}#approved`)).toMatchObject({ delivery: 'pending' });
  });

  it('staff return with a reason: the member reads the reason', async () => {
    const m = await member({ status: 'pending' });
    await review(m, { decision: 'reject', reason: '不在本街道工作' });
    const { messages } = await messagesOf(m);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: 'join.returned', title: '入会申请被退回' });
    expect(messages[0]!.body).toContain('原因：不在本街道工作');
  });
});

const joinedAtOf = async (m: Member) => (await getMember(m.userId))!.joinedAt;

describe('waiting list: the offer and its warning', () => {
  it('a place offered → a message with its deadline in Beijing time; 10 minutes before it, one warning', async () => {
    const id = await activity({ capacity: 1, holdMinutes: 30, title: '春节慰问品领取' });
    const [holder, waiting] = [await member(), await member()];
    expect((await sign(id, holder.token)).body.signup.status).toBe('confirmed');
    expect((await sign(id, waiting.token)).body.signup.status).toBe('waitlisted');
    expect((await messagesOf(waiting)).messages).toEqual([]);

    await invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: holder.token });
    const offer = (await getSignup(id, waiting.userId))!;
    expect(offer.status).toBe('offered');
    const deadline = offer.holdExpiresAt!;
    const [made] = (await messagesOf(waiting)).messages;
    // 查看 opens 我的报名 at this activity's entry
    expect(made).toMatchObject({ kind: 'offer.made', title: '候补到名额了', target: { screen: 'signups', id } });
    expect(made!.body).toBe(`「春节慰问品领取」有名额了，请在 ${beijingDisplay(deadline)} 前确认参加，过时名额将让给下一位。`);
    expect((await messagesOf(holder)).messages).toEqual([]);

    // the sweeper 25 minutes early: nothing; 8 minutes before the deadline: one warning, once
    await expireHolds(new Date(Date.parse(deadline) - 25 * 60_000));
    expect((await messagesOf(waiting)).messages).toHaveLength(1);
    const first = await expireHolds(new Date(Date.parse(deadline) - 8 * 60_000));
    expect(first.warned).toBeGreaterThanOrEqual(1);
    await expireHolds(new Date(Date.parse(deadline) - 7 * 60_000));
    const after = (await messagesOf(waiting)).messages;
    expect(after.map((x) => x.kind)).toEqual(['offer.expiring', 'offer.made']);
    expect(after[0]!.body).toContain(beijingDisplay(deadline));
    expect(after[0]!.target).toEqual({ screen: 'signups', id });
    expect(await unread(waiting)).toEqual({ unread: 2, capped: false });
  });
});

describe('the inbox: newest first, paged; read; unread count', () => {
  const event = (m: Member, i: number) =>
    recordEvent({
      userId: m.userId,
      eventKey: `test#${m.userId}#${i}`,
      kind: 'report.resolved',
      title: `消息 ${i}`,
      body: '正文',
      at: new Date(Date.UTC(2026, 10, 1, 0, i)),
    });

  it('pages newest first with a cursor; recording an event again adds nothing', async () => {
    const m = await member();
    for (let i = 0; i < 25; i++) expect(await event(m, i)).toBe(true);
    expect(await event(m, 3)).toBe(false);
    const first = await messagesOf(m);
    expect(first.messages.map((x) => x.title)).toEqual(Array.from({ length: 20 }, (_, i) => `消息 ${24 - i}`));
    expect(first.nextCursor).toBeDefined();
    const second = await messagesOf(m, first.nextCursor);
    expect(second.messages.map((x) => x.title)).toEqual(['消息 4', '消息 3', '消息 2', '消息 1', '消息 0']);
    expect(await unread(m)).toEqual({ unread: 25, capped: false });
  });

  it('marks the opened ones read (only the caller’s), then all; a bad body is a 400 in Chinese', async () => {
    const [m, other] = [await member(), await member()];
    for (let i = 0; i < 3; i++) await event(m, i);
    await event(other, 0);
    const [newest] = (await messagesOf(m)).messages;
    const [othersMessage] = (await messagesOf(other)).messages;

    const one = await markRead(m, { ids: [newest!.id, othersMessage!.id] });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ unread: 2, capped: false, more: false });
    expect((await messagesOf(m)).messages.map((x) => x.read)).toEqual([true, false, false]);
    expect(await unread(other)).toEqual({ unread: 1, capped: false }); // untouched
    expect((await markRead(m, { ids: [newest!.id] })).body.unread).toBe(2); // again: no change

    expect((await markRead(m, { all: true })).body).toEqual({ unread: 0, capped: false, more: false });
    expect((await messagesOf(m)).messages.every((x) => x.read)).toBe(true);

    const neither = await markRead(m, {});
    expect(neither.status).toBe(400);
    expect(neither.body.code).toBe('bad_request');
    expect((await markRead(m, { ids: ['not-an-id'] })).status).toBe(400);
    expect((await markRead(m, { ids: [newest!.id], all: true })).status).toBe(400);
  });

  it('a bad cursor is a 400, not a 500', async () => {
    const m = await member();
    const reply = await invoke(listMyMessages, { query: { cursor: 'garbage' }, token: m.token });
    expect(reply.status).toBe(400);
  });
});

describe('report resolved → the reporter; invitation accepted → the inviter', () => {
  it('the reporter is told once, with the note, and led to the station', async () => {
    const reporter = await member();
    const stationId = stationIdFor('fengtai-lugouqiao', 'demo-fengtai-lugouqiao-03');
    const filed = await invoke(reportProblem, {
      method: 'POST',
      params: { stationId },
      body: { type: 'microwave-broken', note: '微波炉不转了', clientRequestId: randomUUID() },
      token: reporter.token,
    });
    expect(filed.status).toBe(201);
    const resolve = async () =>
      invoke(resolveReport, {
        method: 'POST',
        params: { reportId: filed.body.id },
        body: { note: '已换新' },
        token: await tokenFor('staff'),
      });
    expect((await resolve()).status).toBe(200);
    expect((await resolve()).status).toBe(200); // again: nothing new
    const { messages } = await messagesOf(reporter);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: 'report.resolved', target: { screen: 'station', id: stationId } });
    expect(messages[0]!.body).toContain('已换新');
  });

  it('the inviter is told when the invitation is accepted, with the newcomer’s name masked', async () => {
    const adminId = `inv-${randomUUID()}`;
    await putUserWithIdentity(
      { id: adminId, role: 'worker', displayName: '管理员甲', actingOrgId: null, createdAt: new Date().toISOString() },
      `hash-${adminId}`,
    );
    const admin = await makeAdmin(adminId, 'beijing', 'beijing');
    const adminToken = (
      await signSession({ userId: admin.id, role: 'admin', actingOrgId: 'beijing', sessionVersion: admin.sessionVersion })
    ).token;
    const created = await invoke(createInvitation, {
      method: 'POST',
      path: '/staff/invitations',
      token: adminToken,
      body: { role: 'staff', orgId: 'fengtai-wangzuo' },
    });
    expect(created.status).toBe(201);
    const { id, secret } = invitationFromLaunch({ q: encodeURIComponent(created.body.url) })!;
    const newcomerId = `inv-${randomUUID()}`;
    await putUserWithIdentity(
      { id: newcomerId, role: 'worker', displayName: '新同事', actingOrgId: null, createdAt: new Date().toISOString() },
      `hash-${newcomerId}`,
    );
    const newcomer = (await signSession({ userId: newcomerId, role: 'worker', actingOrgId: null })).token;
    const accepted = await invoke(acceptInvitation, {
      method: 'POST',
      path: `/invitations/${id}/accept`,
      params: { invitationId: id },
      token: newcomer,
      body: { token: secret, name: '赵小敏' },
    });
    expect(accepted.status).toBe(200);
    const { messages } = (await invoke(listMyMessages, { query: {}, token: adminToken })).body as { messages: Message[] };
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: 'invitation.accepted', target: { screen: 'staff' } });
    expect(messages[0]!.body).toMatch(/^赵\*敏 接受了您的邀请，成为.+的工会工作人员。$/);
    expect(messages[0]!.body).not.toContain('赵小敏');
  });
});

describe('transfer accepted → the member', () => {
  it('the member is told once which union they are now in', async () => {
    const m = await member();
    const asked = await invoke(requestTransfer, { method: 'POST', body: { toOrgId: 'shunyi-houshayu' }, token: m.token });
    expect(asked.status).toBe(201);
    const accept = async () =>
      invoke(acceptTransfer, { method: 'POST', params: { transferId: asked.body.id }, token: await tokenFor('shunyi-staff') });
    expect((await accept()).status).toBe(200);
    expect((await accept()).status).toBe(409);
    const { messages } = await messagesOf(m);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: 'transfer.accepted', title: '组织关系转移已完成', target: { screen: 'card' } });
    expect(messages[0]!.body).toContain('后沙峪');
  });
});
