import { randomUUID } from 'node:crypto';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { importJWK, jwtVerify } from 'jose';
import { handler as createJoinCode } from './create-join-code';
import { handler as resolveJoinCode } from './resolve-join-code';
import { handler as joinUnion } from './join-union';
import { handler as getQr } from './get-join-code-qr';
import { handler as revokeJoinCode } from './revoke-join-code';
import { handler as listJoinCodes } from './list-join-codes';
import { handler as listMemberships } from './list-memberships';
import { handler as reviewMembership } from './review-membership';
import { handler as markCardIssued } from './mark-card-issued';
import { handler as getMyMembership } from './get-my-membership';
import { handler as getMemberCard } from './get-member-card';
import { handler as getMemberCardKey } from './get-member-card-key';
import { handler as login } from '../auth/login-with-wechat';
import { invoke, openidHashOf, tokenFor } from '../../test/functions-support/invoke';
import { FAKE_SESSION_KEY, handedOut, startFakeWechat, type FakeWechat } from '../../test/functions-support/fake-wechat';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { devOpenidHash } from '../lib/auth/wechat';
import { db, tableName } from '../lib/db';
import { signSession } from '../lib/auth/session-token';
import { readCardToken, signCardToken } from '../lib/member-card-key';

let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
});
afterAll(() => wechat.close());

/** A session for a brand-new worker (no user item needed to join). */
const newWorker = async () => (await signSession({ userId: `w-${randomUUID()}`, role: 'worker', actingOrgId: null })).token;
let phoneSeq = 0;
const newPhone = () => `139${String(Date.now() % 1e4).padStart(4, '0')}${String(phoneSeq++).padStart(4, '0')}`;
const form = (overrides: Record<string, unknown> = {}) => ({
  name: '王小明',
  mobile: newPhone(),
  employer: '美团',
  occupation: 'food-delivery',
  consent: true,
  ...overrides,
});

async function newCode(body: Record<string, unknown> = {}) {
  const reply = await invoke(createJoinCode, {
    method: 'POST',
    body: { orgId: 'fengtai-lugouqiao', event: { title: '卢沟桥职工沟通会', date: '2026-11-26', place: '卢沟桥文化广场' }, ...body },
    token: await tokenFor('staff'),
  });
  expect(reply.status).toBe(201);
  return reply.body as { id: string; token: string; url: string };
}

const join = (token: string, session: string, body = form()) =>
  invoke(joinUnion, { method: 'POST', params: { token }, body, token: session });

describe('join codes', () => {
  it('are short signed tokens in an https-style URL, with a QR image that decodes to that URL', async () => {
    const code = await newCode();
    expect(code.token.length).toBeLessThanOrEqual(32);
    expect(code.token).toMatch(/^[A-Za-z0-9_-]+$/); // fits a mini-program code's scene
    expect(code.url).toBe(`http://127.0.0.1:10086/j/${code.token}`);
    const qr = await invoke(getQr, { params: { token: code.token }, query: {} });
    const png = PNG.sync.read(Buffer.from(qr.body.dataUrl.split(',')[1], 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(code.url);
    const svg = await invoke(getQr, { params: { token: code.token }, query: { format: 'svg' } });
    expect(Buffer.from(svg.body.dataUrl.split(',')[1], 'base64').toString()).toContain('<svg');
  });

  it('show the worker which org and event they are joining, and count the scan', async () => {
    const code = await newCode();
    const reply = await invoke(resolveJoinCode, { params: { token: code.token }, token: await newWorker() });
    expect(reply.body.target).toMatchObject({ orgName: '卢沟桥街道总工会', event: { title: '卢沟桥职工沟通会' } });
    expect(reply.body.target.orgPath).toEqual(['市总工会', '丰台区', '卢沟桥街道']);
  });

  it('refuse a forged, altered, revoked or expired token with a clear message and no membership', async () => {
    const code = await newCode();
    const worker = await newWorker();
    const altered = code.token.slice(0, -1) + (code.token.endsWith('A') ? 'B' : 'A');
    const forged = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    for (const token of [altered, forged]) {
      const reply = await join(token, worker);
      expect(reply.status).toBe(404);
      expect(reply.body.message).toContain('入会码无效');
    }
    await invoke(revokeJoinCode, { method: 'POST', params: { codeId: code.id }, token: await tokenFor('staff') });
    const revoked = await join(code.token, worker);
    expect(revoked.status).toBe(410);
    expect(revoked.body.message).toContain('已停用');
    expect((await invoke(getMyMembership, { token: worker })).body.membership).toBeNull();
  });

  it('may approve automatically', async () => {
    const code = await newCode({ autoApprove: true });
    const reply = await join(code.token, await newWorker());
    expect(reply.body.membership.status).toBe('active');
  });
});

describe('joining', () => {
  it('makes a pending membership at once; submitting again shows the same card', async () => {
    const code = await newCode();
    const worker = await newWorker();
    const body = form({ occupation: 'courier', wantsMutualAidCard: true });
    const first = await join(code.token, worker, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      created: true,
      membership: { status: 'pending', orgName: '卢沟桥街道总工会', newEmploymentForm: true, cardRequest: 'requested' },
    });
    const again = await join(code.token, worker, body);
    expect(again.body).toMatchObject({ created: false, membership: { memberNo: first.body.membership.memberNo } });
    const seen = await invoke(resolveJoinCode, { params: { token: code.token }, token: worker });
    expect(seen.body.existing.memberNo).toBe(first.body.membership.memberNo);
  });

  it('makes one membership when the same worker submits 20 times at once', async () => {
    const code = await newCode();
    const worker = await newWorker();
    const body = form();
    const replies = await Promise.all(Array.from({ length: 20 }, () => join(code.token, worker, body)));
    expect(replies.every((r) => r.status === 201)).toBe(true);
    expect(new Set(replies.map((r) => r.body.membership.memberNo)).size).toBe(1);
    expect(replies.filter((r) => r.body.created)).toHaveLength(1);
  });

  it('makes exactly 500 memberships when 500 workers join through one code at the same moment', async () => {
    const code = await newCode();
    const workers = await Promise.all(Array.from({ length: 500 }, newWorker));
    const replies = await Promise.all(workers.map((w) => join(code.token, w)));
    expect(replies.filter((r) => r.status === 201 && r.body.created)).toHaveLength(500);
    const listed = await invoke(listJoinCodes, { token: await tokenFor('staff') });
    const figures = listed.body.codes.find((c: { id: string }) => c.id === code.id).figures;
    expect(figures).toMatchObject({ joins: 500, pending: 500, approved: 0, rejected: 0 });
    expect(figures.byHour.reduce((s: number, h: { joins: number }) => s + h.joins, 0)).toBe(500);
  }, 120_000);

  it('refuses a phone number another member already uses (in the database, not only in code)', async () => {
    const code = await newCode();
    const mobile = newPhone();
    await join(code.token, await newWorker(), form({ mobile }));
    const second = await join(code.token, await newWorker(), form({ mobile }));
    expect(second.status).toBe(409);
    expect(second.body.message).toContain('手机号');
  });

  it.each([
    [{ mobile: '12345' }, 'mobile'],
    [{ consent: false }, 'consent'],
    [{ name: '' }, 'name'],
    [{ occupation: 'astronaut' }, 'occupation'],
    [{ idNumber: '110101199001011234' }, 'idNumber'],
  ])('answers 400 with a field error for %j', async (overrides, field) => {
    const code = await newCode();
    const reply = await join(code.token, await newWorker(), form(overrides));
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.body.fieldErrors)).toContain(field);
  });
});

describe('review and the member card', () => {
  it('staff of the org approve in one tap; staff of another org get 403; the card shows 已入会', async () => {
    const code = await newCode();
    const worker = await newWorker();
    const joined = await join(code.token, worker, form({ name: '李大力', wantsMutualAidCard: true }));
    const memberId = (await invoke(listMemberships, { query: {}, token: await tokenFor('staff') })).body.members.find(
      (m: { memberNo: string }) => m.memberNo === joined.body.membership.memberNo,
    ).memberId;

    const other = await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId },
      body: { decision: 'approve' },
      token: await tokenFor('shunyi-staff'),
    });
    expect(other.status).toBe(403);
    const approved = await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId },
      body: { decision: 'approve' },
      token: await tokenFor('staff'),
    });
    expect(approved.body.status).toBe('active');
    const twice = await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId },
      body: { decision: 'reject', reason: '信息不全' },
      token: await tokenFor('staff'),
    });
    expect(twice.status).toBe(409);

    const issued = await invoke(markCardIssued, { method: 'POST', params: { memberId }, token: await tokenFor('staff') });
    expect(issued.body.cardRequest).toBe('issued');
    const mine = await invoke(getMyMembership, { token: worker });
    expect(mine.body.membership.history.map((h: { what: string }) => h.what)).toEqual(
      expect.arrayContaining(['审核通过，已入会', '互助服务卡已发放']),
    );

    const card = await invoke(getMemberCard, { token: worker });
    expect(card.body).toMatchObject({ name: '李大力', status: 'active', orgName: '卢沟桥街道总工会' });
    const { keys } = (await invoke(getMemberCardKey, {})).body;
    const { payload } = await jwtVerify(card.body.qr.token, await importJWK(keys[0], 'ES256'));
    expect(payload.sub).toBe(joined.body.membership.memberNo);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300); // a screenshot is useless within minutes
    // the QR the phone keeps for when it has no network: same member, marked offline, dead after 12 hours
    const offline = await jwtVerify(card.body.offlineQr.token, await importJWK(keys[0], 'ES256'));
    expect(offline.payload).toMatchObject({ sub: joined.body.membership.memberNo, off: 1 });
    expect(offline.payload.exp! - offline.payload.iat!).toBe(12 * 3600);
    expect(await readCardToken(card.body.offlineQr.token)).toBe(joined.body.membership.memberNo);
    const yesterday = await signCardToken(joined.body.membership.memberNo, new Date(Date.now() - 12 * 3600_000 - 5000), { offline: true });
    expect(await readCardToken(yesterday.token)).toBeNull();
  });

  it('a rejection needs a reason, and the member sees it', async () => {
    const code = await newCode();
    const worker = await newWorker();
    const joined = await join(code.token, worker);
    const members = (await invoke(listMemberships, { query: {}, token: await tokenFor('staff') })).body.members;
    const memberId = members.find((m: { memberNo: string }) => m.memberNo === joined.body.membership.memberNo).memberId;
    const noReason = await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId },
      body: { decision: 'reject' },
      token: await tokenFor('staff'),
    });
    expect(noReason.status).toBe(400);
    await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId },
      body: { decision: 'reject', reason: '不在本街道工作' },
      token: await tokenFor('staff'),
    });
    const mine = await invoke(getMyMembership, { token: worker });
    expect(mine.body.membership).toMatchObject({ status: 'rejected', rejectReason: '不在本街道工作' });
  });

  it('signs a member card only for an active membership: a pending or returned application gets its status, no QR', async () => {
    const code = await newCode();
    const userId = `w-${randomUUID()}`;
    const worker = (await signSession({ userId, role: 'worker', actingOrgId: null })).token;
    const joined = await join(code.token, worker);
    const pending = await invoke(getMemberCard, { token: worker });
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ status: 'pending', memberNo: joined.body.membership.memberNo, orgName: '卢沟桥街道总工会' });
    expect(pending.body).not.toHaveProperty('qr');
    expect(pending.body).not.toHaveProperty('offlineQr');

    const before = Date.now();
    const returned = await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId: userId },
      body: { decision: 'reject', reason: '工作单位请写全称' },
      token: await tokenFor('staff'),
    });
    expect(returned.status).toBe(200);
    const card = await invoke(getMemberCard, { token: worker });
    expect(card.body).toMatchObject({ status: 'rejected', rejectReason: '工作单位请写全称' });
    expect(Date.parse(card.body.returnedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(card.body).not.toHaveProperty('qr');
    expect(card.body).not.toHaveProperty('offlineQr');
    // nothing in the reply is a token a door or a stall would read as this member's card
    expect(JSON.stringify(card.body)).not.toMatch(/ey[A-Za-z0-9_-]{10,}\./);
  });

  it('shows full names and phones only to staff of the member’s own org', async () => {
    const code = await newCode();
    const mobile = newPhone();
    const joined = await join(code.token, await newWorker(), form({ name: '赵铁柱', mobile }));
    const find = async (login: 'staff' | 'admin') =>
      (await invoke(listMemberships, { query: {}, token: await tokenFor(login) })).body.members.find(
        (m: { memberNo: string }) => m.memberNo === joined.body.membership.memberNo,
      );
    expect(await find('staff')).toMatchObject({ name: '赵铁柱', mobile });
    expect(await find('admin')).toMatchObject({ name: '赵*柱', mobile: `${mobile.slice(0, 3)}****${mobile.slice(7)}` });
  });

  // Every reply of the suite goes through `invoke`, which fails the test on any openid, session key
  // or openid hash (test/functions-support/invoke.ts). These tests walk a whole WeChat journey
  // through it, and make sure the check itself bites.
  it('a worker signed in through WeChat joins, and no reply on the way holds their openid, its hash or the session key', async () => {
    const signedIn = await invoke(login, { method: 'POST', path: '/auth/wechat', body: { code: 'ok-joining-rider' } });
    expect(signedIn.status).toBe(200);
    expect(handedOut.openids).toContain('openid-joining-rider');
    const session = signedIn.body.token as string;
    const code = await newCode({ autoApprove: true });
    expect((await invoke(resolveJoinCode, { params: { token: code.token }, token: session })).status).toBe(200);
    expect((await join(code.token, session)).status).toBe(201);
    expect((await invoke(getMyMembership, { token: session })).body.membership.status).toBe('active');
    expect((await invoke(getMemberCard, { token: session })).status).toBe(200);
  });

  it('the check knows the hash the users table really stores', async () => {
    await invoke(login, { method: 'POST', path: '/auth/wechat', body: { code: 'ok-hash-check' } });
    const pk = `wx#${openidHashOf(process.env.WECHAT_APP_ID!, 'openid-hash-check')}`;
    const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: { pk } }));
    expect(Item).toBeDefined();
  });

  it.each([
    ['an openid WeChat handed out', () => 'openid-joining-rider'],
    ['its stored hash', () => openidHashOf(process.env.WECHAT_APP_ID!, 'openid-joining-rider')],
    ["a demo person's stored hash", () => devOpenidHash('worker')],
    ['a users-table identity key', () => `wx#${'a'.repeat(64)}`],
    ['the session key', () => FAKE_SESSION_KEY],
  ])('a reply holding %s fails the test that received it', async (_what, secret) => {
    handedOut.openids.add('openid-joining-rider');
    const leaky = defineHandler(contract.getMe, async () => ({
      me: { id: 'demo-worker', role: 'worker' as const, displayName: secret(), actingOrgId: null },
    }));
    await expect(invoke(leaky, { token: await newWorker() })).rejects.toThrow(/leaked a secret/);
  });
});
