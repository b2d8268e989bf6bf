import { randomUUID } from 'node:crypto';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { handler as login } from '../auth/login-with-wechat';
import { handler as createJoinCode } from '../join/create-join-code';
import { handler as joinUnion } from '../join/join-union';
import { handler as reviewMembership } from '../join/review-membership';
import { handler as cancelSignup } from '../activities/cancel-signup';
import { expireHolds } from '../activities/expire-holds';
import { handler as listMyMessages } from './list-my-messages';
import { handler as recordSubscriptions } from '../subscriptions/record-subscriptions';
import { handler as getSubscribeTemplates } from '../subscriptions/get-subscribe-templates';
import { handler as deliverStream } from './deliver-stream';
import { deliverDue, SEND_PATH } from './deliver';
import { forgetAccessToken } from '../lib/wechat/access-token';
import { getMessage, recordEvent } from '../tables/inbox';
import { getNotify, storeOpenid } from '../tables/notify';
import { getSignup } from '../tables/signups';
import { getUser, putUserWithIdentity } from '../tables/users';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { activity, member, sign } from '../../test/functions-support/activities';
import { handedOut, startFakeWechat, type FakeWechat } from '../../test/functions-support/fake-wechat';
import type { Message } from '../../shared/schemas/message';
import { beijingWechatTime } from '../../shared/beijing-time';

const TEMPLATES = {
  review: 'tmpl-review',
  waitlist: 'tmpl-waitlist',
  expiring: 'tmpl-expiring',
  reminder: 'tmpl-reminder',
  report: 'tmpl-report',
};

let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
  for (const [key, id] of Object.entries(TEMPLATES)) process.env[`WECHAT_TEMPLATE_${key.toUpperCase()}`] = id;
});
afterAll(() => wechat.close());
beforeEach(() => {
  forgetAccessToken();
  wechat.down = false;
  wechat.calls.length = 0;
  wechat.sent.length = 0;
});

/** A worker signed in through (the fake) WeChat: their openid is kept for the sender. */
async function signIn() {
  const name = `w${randomUUID().slice(0, 8)}`;
  const reply = await invoke(login, { method: 'POST', body: { code: `ok-${name}` } });
  expect(reply.status).toBe(200);
  return { userId: reply.body.me.id as string, token: reply.body.token as string, openid: `openid-${name}` };
}

/** A test member with a user record (signed-in routes check it). */
async function memberWithUser(overrides: Parameters<typeof member>[0] = {}) {
  const m = await member(overrides);
  if (!(await getUser(m.userId))) {
    await putUserWithIdentity(
      { id: m.userId, role: 'worker', displayName: '张小会', actingOrgId: null, createdAt: new Date().toISOString() },
      `hash-${m.userId}`,
    );
  }
  return m;
}

/** A test member (no login) given an openid as if they had signed in with WeChat. */
async function memberWithOpenid(overrides: Parameters<typeof member>[0] = {}) {
  const m = await memberWithUser(overrides);
  const openid = `openid-${m.userId}`;
  handedOut.openids.add(openid);
  await storeOpenid(m.userId, openid);
  return { ...m, openid };
}

const answer = (token: string, answers: Record<string, string>, askId: string = randomUUID()) =>
  invoke(recordSubscriptions, { method: 'POST', body: { askId, answers }, token });

const messagesOf = async (token: string) => ((await invoke(listMyMessages, { query: {}, token })).body as { messages: Message[] }).messages;

/** The stream record Lambda hands over for a new inbox item (NEW_IMAGE). */
function streamEvent(userId: string, id: string, seq = '1'): DynamoDBStreamEvent {
  return {
    Records: [
      {
        eventName: 'INSERT',
        dynamodb: {
          Keys: { userId: { S: userId }, id: { S: id } },
          NewImage: { userId: { S: userId }, id: { S: id }, delivery: { S: 'pending' } },
          SequenceNumber: seq,
        },
      },
    ],
  } as DynamoDBStreamEvent;
}

const sendCalls = () => wechat.calls.filter((c) => c.url.pathname === SEND_PATH);
/** what was sent to one person (the sweep also sends other tests' leftovers) */
const sentTo = (openid: string) => wechat.sent.filter((s) => s.touser === openid);
const sendCallsTo = (openid: string) => sendCalls().filter((c) => c.body.touser === openid);
const tokenCalls = () => wechat.calls.filter((c) => c.url.pathname === '/cgi-bin/stable_token');
const eventIdOf = async (token: string, kind: string) => (await messagesOf(token)).find((m) => m.kind === kind)!.id;
const deliveryOf = async (userId: string, id: string) => {
  const messages = await messagesOf((await tokenForUser(userId)).token);
  expect(messages.some((m) => m.id === id)).toBe(true);
  return inboxDelivery(userId, id);
};
const tokenForUser = async (userId: string) => ({
  token: (await (await import('../lib/auth/session-token')).signSession({ userId, role: 'worker', actingOrgId: null })).token,
});
/** the delivery status of one message (by id): read straight from the table */
async function inboxDelivery(userId: string, id: string): Promise<string | undefined> {
  const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const { db, tableName } = await import('../lib/db');
  const { Item } = await db().send(new GetCommand({ TableName: tableName('inbox'), Key: { userId, id }, ConsistentRead: true }));
  return Item?.delivery as string | undefined;
}

/** A message recorded for someone, and its id. */
async function event(userId: string, kind: 'join.approved' | 'report.resolved' = 'join.approved') {
  const eventKey = `test#${userId}#${randomUUID()}`;
  await recordEvent({
    userId,
    eventKey,
    kind,
    title: '入会申请已通过',
    body: '欢迎加入卢沟桥街道总工会！',
    target: { screen: 'card' },
    facts: { org: '卢沟桥街道总工会' },
    at: new Date(),
  });
  const { messageIdOf } = await import('../tables/inbox');
  return messageIdOf(eventKey);
}

describe('the template ids and the answers', () => {
  it('GET /subscriptions/templates gives the configured ids to anyone', async () => {
    const reply = await invoke(getSubscribeTemplates);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ templates: TEMPLATES });
  });

  it('an accept allows one send, a retried POST of the same ask counts once, a reject sets none', async () => {
    const w = await signIn();
    const askId = randomUUID();
    expect((await answer(w.token, { review: 'accept', report: 'reject' }, askId)).body).toEqual({ remaining: { review: 1, report: 0 } });
    expect((await answer(w.token, { review: 'accept', report: 'reject' }, askId)).body).toEqual({ remaining: { review: 1, report: 0 } });
    expect((await answer(w.token, { review: 'accept' })).body).toEqual({ remaining: { review: 2, report: 0 } });
    expect((await answer(w.token, { review: 'ban', report: 'filter' })).body).toEqual({ remaining: { review: 0, report: 0 } });
    expect(await getNotify(w.userId)).toEqual({ remaining: { review: 0, report: 0 }, hasOpenid: true });
  });

  it('refuses bad answers with a 400 in Chinese, and a caller not signed in with a 401', async () => {
    const w = await signIn();
    for (const body of [
      { askId: randomUUID(), answers: {} },
      { askId: randomUUID(), answers: { review: 'maybe' } },
      { askId: randomUUID(), answers: { nosuch: 'accept' } },
      { askId: 'x', answers: { review: 'accept' } },
      { answers: { review: 'accept' } },
    ]) {
      const reply = await invoke(recordSubscriptions, { method: 'POST', body, token: w.token });
      expect(reply.status).toBe(400);
      expect(reply.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(
      (await invoke(recordSubscriptions, { method: 'POST', body: { askId: randomUUID(), answers: { review: 'accept' } } })).status,
    ).toBe(401);
  });
});

describe('join reviewed → one subscribe message', () => {
  it('a worker who accepted the review template at 提交 gets exactly one message when staff approve, and the inbox shows it', async () => {
    const w = await signIn();
    const code = await invoke(createJoinCode, {
      method: 'POST',
      body: { orgId: 'fengtai-lugouqiao', event: { title: '卢沟桥职工沟通会', date: '2026-11-26', place: '卢沟桥文化广场' } },
      token: await tokenFor('staff'),
    });
    // the tap on 提交: the app asked WeChat, then posts the answer; then the join itself
    await answer(w.token, { review: 'accept' });
    const joined = await invoke(joinUnion, {
      method: 'POST',
      params: { token: code.body.token },
      body: { name: '王小明', mobile: `139${String(Date.now()).slice(-8)}`, employer: '美团', occupation: 'food-delivery', consent: true },
      token: w.token,
    });
    expect(joined.status).toBe(201);
    const approved = await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId: w.userId },
      body: { decision: 'approve' },
      token: await tokenFor('staff'),
    });
    expect(approved.status).toBe(200);
    expect(sendCalls()).toHaveLength(0); // the approve did not wait for WeChat

    const id = await eventIdOf(w.token, 'join.approved');
    expect(await deliverStream(streamEvent(w.userId, id))).toEqual({ batchItemFailures: [] });
    expect(wechat.sent).toHaveLength(1);
    const [sent] = wechat.sent;
    expect(sent).toMatchObject({
      touser: w.openid,
      template_id: 'tmpl-review',
      page: 'pages/member-card/index',
      miniprogram_state: 'developer',
    });
    expect(sent!.data).toEqual({
      thing1: '工会入会申请',
      phrase2: '已通过',
      thing3: expect.stringContaining('卢沟桥街道'),
      time4: expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/),
    });
    expect(sent!.data.thing3!.length).toBeLessThanOrEqual(20);
    expect(await deliveryOf(w.userId, id)).toBe('sent');
    expect((await messagesOf(w.token)).map((m) => m.kind)).toEqual(['join.approved']);

    // the same stream record again (Lambda retries a batch), and the sweep: nothing more
    await deliverStream(streamEvent(w.userId, id));
    await deliverDue(new Date(Date.now() + 10 * 60_000));
    expect(wechat.sent).toHaveLength(1);
    expect(await getNotify(w.userId)).toMatchObject({ remaining: { review: 0 } });
  });

  it('a declined (rejected) template sends nothing, and the inbox still has the message', async () => {
    const m = await memberWithOpenid({ status: 'pending' });
    await answer(m.token, { review: 'reject' });
    await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId: m.userId },
      body: { decision: 'reject', reason: '不在本街道工作' },
      token: await tokenFor('staff'),
    });
    const id = await eventIdOf(m.token, 'join.returned');
    await deliverStream(streamEvent(m.userId, id));
    expect(sendCalls()).toHaveLength(0);
    expect(await deliveryOf(m.userId, id)).toBe('declined');
    expect((await messagesOf(m.token))[0]!.body).toContain('不在本街道工作');
  });

  it('a member who never answered (H5, or no tap) gets the inbox message only', async () => {
    const m = await memberWithOpenid();
    const id = await event(m.userId);
    // its own message, as the stream hands it over: a sweep of the shared table would also send other
    // suites' due messages (run alongside, they would find theirs gone)
    await deliverStream(streamEvent(m.userId, id));
    expect(sendCallsTo(m.openid)).toHaveLength(0);
    expect(await inboxDelivery(m.userId, id)).toBe('declined');
  });
});

describe('the waiting list: the offer with its deadline, then the warning', () => {
  it('a member who accepted both at 候补报名 is sent the offer, then 10 minutes before the deadline the warning', async () => {
    const id = await activity({ capacity: 1, holdMinutes: 30, title: '春节慰问品领取（丰台区卢沟桥街道环卫工人专场）' });
    const holder = await memberWithUser();
    const waiting = await memberWithOpenid();
    expect((await sign(id, holder.token)).body.signup.status).toBe('confirmed');
    await answer(waiting.token, { waitlist: 'accept', expiring: 'accept', reminder: 'accept' });
    expect((await sign(id, waiting.token)).body.signup.status).toBe('waitlisted');

    await invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: holder.token });
    const deadline = (await getSignup(id, waiting.userId))!.holdExpiresAt!;
    await deliverDue(new Date(Date.now() + 61_000)); // as npm start runs it: no stream locally
    expect(wechat.sent).toHaveLength(1);
    expect(wechat.sent[0]).toMatchObject({
      touser: waiting.openid,
      template_id: 'tmpl-waitlist',
      page: `pages/my-signups/index?activity=${id}`,
    });
    expect(wechat.sent[0]!.data).toEqual({
      thing1: '春节慰问品领取（丰台区卢沟桥街道环卫工…',
      phrase2: '候补成功',
      time3: beijingWechatTime(deadline),
      thing4: '请在截止前确认，逾期顺延',
    });

    const warnedAt = Date.parse(deadline) - 8 * 60_000;
    await expireHolds(new Date(warnedAt));
    await deliverDue(new Date(warnedAt + 61_000)); // the sweep at that time (deployed, the stream sends it at once)
    expect(wechat.sent).toHaveLength(2);
    expect(wechat.sent[1]).toMatchObject({ template_id: 'tmpl-expiring' });
    expect(wechat.sent[1]!.data).toMatchObject({ phrase2: '即将失效', time3: beijingWechatTime(deadline) });
    expect((await messagesOf(waiting.token)).map((m) => m.kind)).toEqual(['offer.expiring', 'offer.made']);
  });
});

describe('WeChat errors', () => {
  async function ready() {
    const m = await memberWithOpenid();
    await answer(m.token, { review: 'accept' });
    return { ...m, id: await event(m.userId) };
  }

  it('WeChat down for a minute: retried with backoff, sent once after it is back; the action had already succeeded', async () => {
    const m = await ready();
    const t0 = Date.now();
    wechat.down = true;
    await deliverStream(streamEvent(m.userId, m.id));
    expect(await inboxDelivery(m.userId, m.id)).toBe('retry');
    expect((await getNotify(m.userId)).remaining.review).toBe(1); // the send WeChat never took is kept
    await deliverDue(new Date(t0 + 30_000)); // not due yet
    await deliverDue(new Date(t0 + 61_000)); // due, still down: later again (2 minutes)
    expect(await inboxDelivery(m.userId, m.id)).toBe('retry');
    wechat.down = false;
    await deliverDue(new Date(t0 + 90_000)); // back up, but the next try is not due yet
    expect(sentTo(m.openid)).toHaveLength(0);
    await deliverDue(new Date(t0 + 190_000));
    expect(sentTo(m.openid)).toHaveLength(1);
    expect(await inboxDelivery(m.userId, m.id)).toBe('sent');
    await deliverDue(new Date(t0 + 3600_000));
    await deliverStream(streamEvent(m.userId, m.id));
    expect(sentTo(m.openid)).toHaveLength(1);
  });

  it('43101 (no subscription left): declined, the count set to 0, never retried', async () => {
    const m = await ready();
    wechat.failNext(SEND_PATH, 43101);
    await deliverStream(streamEvent(m.userId, m.id));
    expect(await inboxDelivery(m.userId, m.id)).toBe('declined');
    expect((await getNotify(m.userId)).remaining.review).toBe(0);
    await deliverDue(new Date(Date.now() + 3600_000));
    expect(sendCallsTo(m.openid)).toHaveLength(1);
  });

  it('40001 (token refused): the token is refreshed once and the message sent', async () => {
    const m = await ready();
    wechat.failNext(SEND_PATH, 40001);
    await deliverStream(streamEvent(m.userId, m.id));
    expect(sendCallsTo(m.openid)).toHaveLength(2);
    expect(wechat.sent).toHaveLength(1);
    expect(tokenCalls().length).toBeLessThanOrEqual(3);
    expect(await inboxDelivery(m.userId, m.id)).toBe('sent');
  });

  it('47003 (a field refused): cut harder and sent once more; refused again → failed, the send given back', async () => {
    const m = await ready();
    wechat.failNext(SEND_PATH, 47003);
    await deliverStream(streamEvent(m.userId, m.id));
    expect(await inboxDelivery(m.userId, m.id)).toBe('sent');
    expect(sendCallsTo(m.openid)).toHaveLength(2);

    const again = await ready();
    wechat.failNext(SEND_PATH, 47003);
    wechat.failNext(SEND_PATH, 47003);
    await deliverStream(streamEvent(again.userId, again.id));
    expect(await inboxDelivery(again.userId, again.id)).toBe('failed');
    expect((await getNotify(again.userId)).remaining.review).toBe(1);
  });

  it('45009 (rate limit): retried later', async () => {
    const m = await ready();
    wechat.failNext(SEND_PATH, 45009);
    await deliverStream(streamEvent(m.userId, m.id));
    expect(await inboxDelivery(m.userId, m.id)).toBe('retry');
    await deliverDue(new Date(Date.now() + 61_000));
    expect(await inboxDelivery(m.userId, m.id)).toBe('sent');
    expect(wechat.sent).toHaveLength(1);
  });

  it('a DynamoDB step failing before the send (takeOne throttled): put back to retry, sent on the next try, not left sending', async () => {
    const m = await ready();
    const { db, tableName } = await import('../lib/db');
    const client = db();
    const original = client.send.bind(client);
    let throttled = 0;
    const send = jest.spyOn(client, 'send').mockImplementation(((
      command: { input?: { TableName?: string; Key?: { pk?: string } } },
      ...rest: unknown[]
    ) => {
      const input = command.input;
      if (
        !throttled &&
        command.constructor.name === 'UpdateCommand' &&
        input?.TableName === tableName('users') &&
        input.Key?.pk?.startsWith('notify#')
      ) {
        throttled++;
        const error = new Error('Rate of requests exceeds the allowed throughput.');
        error.name = 'ProvisionedThroughputExceededException';
        return Promise.reject(error);
      }
      return (original as (...a: unknown[]) => unknown)(command, ...rest);
    }) as never);
    try {
      const t0 = Date.now();
      expect(await deliverStream(streamEvent(m.userId, m.id))).toEqual({ batchItemFailures: [] });
      expect(throttled).toBe(1);
      expect(await inboxDelivery(m.userId, m.id)).toBe('retry');
      expect(sentTo(m.openid)).toHaveLength(0);
      send.mockRestore();
      await deliverDue(new Date(t0 + 61_000));
      expect(sentTo(m.openid)).toHaveLength(1);
      expect(await inboxDelivery(m.userId, m.id)).toBe('sent');
      expect((await getNotify(m.userId)).remaining.review).toBe(0);
    } finally {
      send.mockRestore();
    }
  });

  it('the stream stops taking records when its time runs short and hands the rest back; they are sent on the retry', async () => {
    const a = await ready();
    const b = await ready();
    const batch = {
      Records: [...streamEvent(a.userId, a.id, '11').Records, ...streamEvent(b.userId, b.id, '12').Records],
    } as DynamoDBStreamEvent;
    let left = 40_000;
    const context = { getRemainingTimeInMillis: () => (left -= 15_000) };
    expect(await deliverStream(batch, context)).toEqual({ batchItemFailures: [{ itemIdentifier: '12' }] });
    expect(await inboxDelivery(a.userId, a.id)).toBe('sent');
    expect(await inboxDelivery(b.userId, b.id)).toBe('pending'); // never claimed: nothing for the lease to give up
    expect(await deliverStream(batch, { getRemainingTimeInMillis: () => 30_000 })).toEqual({ batchItemFailures: [] });
    expect(sentTo(a.openid)).toHaveLength(1);
    expect(sentTo(b.openid)).toHaveLength(1);
    expect(await inboxDelivery(b.userId, b.id)).toBe('sent');
  });

  it('inbox-only kinds (an accepted invitation) are never sent', async () => {
    const m = await memberWithOpenid();
    const eventKey = `test#${m.userId}#inv`;
    await recordEvent({
      userId: m.userId,
      eventKey,
      kind: 'invitation.accepted',
      title: '邀请已被接受',
      body: '张* 接受了您的邀请',
      at: new Date(),
    });
    await deliverDue(new Date(Date.now() + 61_000));
    expect(sendCalls()).toHaveLength(0);
    expect((await getMessage(m.userId, eventKey))!.delivery).toBe('skipped');
  });
});
