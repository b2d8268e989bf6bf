import { z } from 'zod';
import { SignJWT } from 'jose';
import { route } from '../../../shared/contract';
import { defineHandler } from './handler';
import { handler as login } from '../../auth/login-with-wechat';
import { handler as getStaffScope } from '../../orgs/get-staff-scope';
import { handler as getMe } from '../../auth/get-me';
import { handler as routeNotFound } from '../../system/route-not-found';
import { handler as listOrgTree } from '../../orgs/list-org-tree';
import { handler as setMyGender } from '../../join/set-my-gender';
import { handler as createStation } from '../../stations/create-station';
import { handler as createStationPost } from '../../stations/create-station-post';
import { handler as createActivity } from '../../activities/create-activity';
import { stationIdFor } from '../../tables/stations';
import { signSession } from '../auth/session-token';
import { putUserWithIdentity } from '../../tables/users';
import { invoke, tokenFor } from '../../../test/functions-support/invoke';

const post = (body: unknown, headers?: Record<string, string>) => invoke(login, { method: 'POST', path: '/auth/wechat', body, headers });

function expectErrorBody(body: Record<string, unknown>, code: string) {
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fa5]/); // Chinese
  expect(typeof body.requestId).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|Error:/); // no stack trace
}

describe('bad input gets a clear 4xx, never a 500', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    const reply = await post('{"code": ', { 'content-type': 'application/json' });
    expect(reply.status).toBe(400);
    expectErrorBody(reply.body, 'invalid_json');
  });

  it('wrong content type → 415', async () => {
    const reply = await post('code=dev:worker', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(reply.status).toBe(415);
    expectErrorBody(reply.body, 'unsupported_media_type');
  });

  it('a body over 64 KB → 413', async () => {
    const reply = await post({ code: 'x'.repeat(70 * 1024) });
    expect(reply.status).toBe(413);
    expectErrorBody(reply.body, 'payload_too_large');
  });

  it('a missing field → 400 naming the field, in Chinese', async () => {
    const reply = await post({});
    expect(reply.status).toBe(400);
    expectErrorBody(reply.body, 'bad_request');
    expect(reply.body.fieldErrors.code[0]).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('a missing body → 400 bad_request', async () => {
    const reply = await invoke(login, { method: 'POST', path: '/auth/wechat' });
    expect(reply.status).toBe(400);
    expectErrorBody(reply.body, 'bad_request');
  });

  it('an extra field → 400 naming the extra field', async () => {
    const reply = await post({ code: 'dev:worker', role: 'admin' });
    expect(reply.status).toBe(400);
    expect(reply.body.fieldErrors).toEqual({ role: ['不允许的字段'] });
  });

  it('an unknown route → 404 route_not_found with the same error body', async () => {
    const reply = await invoke(routeNotFound, { path: '/no/such/thing' });
    expect(reply.status).toBe(404);
    expectErrorBody(reply.body, 'route_not_found');
  });
});

describe('unknown keys named like Object.prototype members are unknown keys like any other', () => {
  const prototypeNames = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'];

  it.each(prototypeNames)('GET /orgs?%s=1 → 400 naming the key', async (name) => {
    const reply = await invoke(listOrgTree, { path: '/orgs', query: JSON.parse(`{"${name}":"1"}`), token: await tokenFor('worker') });
    expect(reply.status).toBe(400);
    expectErrorBody(reply.body, 'bad_request');
    expect(Object.entries(reply.body.fieldErrors)).toEqual([[name, ['不允许的字段']]]);
  });

  it.each(prototypeNames)('POST /me/membership/gender with "%s" beside the gender → 400 naming the key', async (name) => {
    const body = `{"gender":"female","${name}":1}`; // as sent: JSON.parse makes even __proto__ an own key
    const reply = await invoke(setMyGender, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      token: await tokenFor('worker'),
    });
    expect(reply.status).toBe(400);
    expect(Object.entries(reply.body.fieldErrors)).toEqual([[name, ['不允许的字段']]]);
  });

  it('in a nested object and in several parts at once, each key keeps its own messages', async () => {
    const body = '{"gender":"x","toString":1,"constructor":{"__proto__":1}}';
    const reply = await invoke(setMyGender, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      token: await tokenFor('worker'),
    });
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.body.fieldErrors).sort()).toEqual(['constructor', 'gender', 'toString']);
    expect(reply.body.fieldErrors.gender[0]).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('numbers DynamoDB cannot store, and places no station can be, are refused', () => {
  const station = (location: unknown) => ({
    name: '数字测试驿站',
    address: '北京市丰台区卢沟桥',
    orgId: 'fengtai-lugouqiao',
    kind: 'union-station',
    location,
    hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
  });

  it.each([
    [{ lat: 1e-131, lng: 116.2 }, 'location.lat'],
    [{ lat: 39.8, lng: -1e-200 }, 'location.lng'],
    [{ lat: 1e300, lng: 116.2 }, 'location.lat'],
    [{ lat: -0, lng: 116.2 }, 'location.lat'],
    [{ lat: 39.8, lng: 2.35 }, 'location.lng'], // Paris
    [{ lat: '39.8', lng: 116.2 }, 'location.lat'],
  ])('POST /staff/stations with location %j → 400 on %s', async (location, field) => {
    const reply = await invoke(createStation, { method: 'POST', body: station(location), token: await tokenFor('staff') });
    expect(reply.status).toBe(400);
    expectErrorBody(reply.body, 'bad_request');
    expect(Object.keys(reply.body.fieldErrors)).toEqual([field]);
    expect(reply.body.fieldErrors[field][0]).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('control characters are refused in user text', () => {
  const stationId = stationIdFor('fengtai-lugouqiao', 'demo-fengtai-lugouqiao-03');

  it.each(['\u001b[2J\u001b[31m热水很方便', '热水\u0000很方便', '热水\u007f很方便', '热水\u0085很方便'])(
    'a wall post %j → 400 不能包含控制字符',
    async (text) => {
      const reply = await invoke(createStationPost, {
        method: 'POST',
        params: { stationId },
        body: { text, clientRequestId: 'control-char-test-0001' },
        token: await tokenFor('worker'),
      });
      expect(reply.status).toBe(400);
      expect(reply.body.fieldErrors).toEqual({ text: ['不能包含控制字符'] });
    },
  );

  it('a one-line text refuses even a newline; the field is named', async () => {
    const now = Date.now();
    const reply = await invoke(createActivity, {
      method: 'POST',
      body: {
        orgId: 'fengtai-lugouqiao',
        title: '中医\n义诊',
        place: '卢沟桥\t文化广场',
        category: 'service',
        startsAt: new Date(now + 48 * 3600_000).toISOString(),
        endsAt: new Date(now + 50 * 3600_000).toISOString(),
        signupOpensAt: new Date(now).toISOString(),
        signupClosesAt: new Date(now + 24 * 3600_000).toISOString(),
        capacity: 10,
      },
      token: await tokenFor('staff'),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.fieldErrors).toEqual({ title: ['不能包含控制字符'], place: ['不能包含控制字符'] });
  });
});

describe('tokens and roles', () => {
  it('no token → 401 unauthorized', async () => {
    const reply = await invoke(getMe, { path: '/me' });
    expect(reply.status).toBe(401);
    expectErrorBody(reply.body, 'unauthorized');
  });

  it('an expired token → 401 token_expired', async () => {
    const expired = await new SignJWT({ role: 'worker', org: null })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('demo-worker')
      .setIssuer('union-services')
      .setAudience('union-miniapp')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(process.env.JWT_SECRET));
    const reply = await invoke(getMe, { path: '/me', token: expired });
    expect(reply.status).toBe(401);
    expectErrorBody(reply.body, 'token_expired');
  });

  it('a forged token (wrong key) → 401', async () => {
    const forged = await new SignJWT({ role: 'admin', org: 'beijing' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('demo-admin')
      .setIssuer('union-services')
      .setAudience('union-miniapp')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('an-attacker-guessed-secret-0123456789'));
    const reply = await invoke(getMe, { path: '/me', token: forged });
    expect(reply.status).toBe(401);
    expectErrorBody(reply.body, 'unauthorized');
  });

  it('a tampered token (role changed in the payload) → 401', async () => {
    const [head, payload, signature] = (await tokenFor('worker')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const reply = await invoke(getStaffScope, { path: '/staff/scope', token: `${head}.${tampered}.${signature}` });
    expect(reply.status).toBe(401);
  });

  it('garbage in the Authorization header → 401', async () => {
    const reply = await invoke(getMe, { path: '/me', headers: { authorization: 'Basic abc' } });
    expect(reply.status).toBe(401);
  });

  it.each(['Bearer ', 'Basic x', 'Bearer a b', 'Bearer not-a-token', 'bearer'])(
    'a public route ignores an unusable Authorization header (%j): login still works',
    async (authorization) => {
      const reply = await post({ code: 'dev:worker' }, { authorization });
      expect(reply.status).toBe(200);
      expect(reply.body.me.id).toBe('demo-worker');
    },
  );

  it.each(['Bearer ', 'Basic x', 'Bearer a b'])('a signed-in route still refuses %j with 401', async (authorization) => {
    const reply = await invoke(getMe, { path: '/me', headers: { authorization } });
    expect(reply.status).toBe(401);
    expectErrorBody(reply.body, 'unauthorized');
  });

  it('a worker calling a staff route → 403 staff_only in Chinese (the app shows its staff-only page)', async () => {
    const reply = await invoke(getStaffScope, { path: '/staff/scope', token: await tokenFor('worker') });
    expect(reply.status).toBe(403);
    expectErrorBody(reply.body, 'staff_only');
    expect(reply.body.message).toBe('此功能仅限工会工作人员使用');
  });

  it('a staff token behind the user record (revoked, re-roled) or without one → 401 token_expired; the current one passes', async () => {
    const id = 'handler-test-staff';
    const person = {
      id,
      role: 'staff' as const,
      displayName: '测试员',
      actingOrgId: 'fengtai-wangzuo',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    await putUserWithIdentity({ ...person, sessionVersion: 2 }, 'handler-test-staff-identity');
    const tokenAt = async (sessionVersion: number, userId = id) =>
      (await signSession({ userId, role: 'staff', actingOrgId: 'fengtai-wangzuo', sessionVersion })).token;
    expect((await invoke(getStaffScope, { path: '/staff/scope', token: await tokenAt(2) })).status).toBe(200);
    for (const token of [await tokenAt(1), await tokenAt(0, 'no-such-user')]) {
      const reply = await invoke(getStaffScope, { path: '/staff/scope', token });
      expect(reply.status).toBe(401);
      expectErrorBody(reply.body, 'token_expired');
    }
    // signed-in routes check staff tokens too; a worker token (nothing to revoke) is not looked up
    expect((await invoke(getMe, { path: '/me', token: await tokenAt(1) })).status).toBe(401);
    const worker = (await signSession({ userId: 'handler-test-nobody', role: 'worker', actingOrgId: null })).token;
    expect((await invoke(getMe, { path: '/me', token: worker })).body.code).toBe('unauthorized'); // get-me's own lookup, not the session check
  });
});

describe('failures inside a route', () => {
  const probe = route({
    method: 'POST',
    path: '/probe',
    summary: 'test only',
    access: 'public',
    body: z.strictObject({ mode: z.enum(['crash', 'bad-response', 'ok']) }),
    responses: { 201: z.object({ done: z.literal(true) }) },
  });
  const handler = defineHandler(probe, async ({ body }) => {
    if (body.mode === 'crash') throw new Error('db password is hunter2');
    if (body.mode === 'bad-response') return { done: 'yes' } as never;
    // a stored record with more attributes than the contract names
    return { done: true as const, pk: 'user#1', passwordHash: 'x' } as { done: true };
  });
  afterEach(() => {
    process.env.STAGE = 'local';
  });

  it('an unexpected error → 500 internal with no internals', async () => {
    const reply = await invoke(handler, { method: 'POST', body: { mode: 'crash' } });
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ code: 'internal', message: expect.stringMatching(/[\u4e00-\u9fa5]/), requestId: expect.any(String) });
    expect(JSON.stringify(reply.body)).not.toContain('hunter2');
  });

  it.each(['local', 'prod'])('a response that breaks the contract is a 500 on %s', async (stage) => {
    process.env.STAGE = stage;
    const reply = await invoke(handler, { method: 'POST', body: { mode: 'bad-response' } });
    expect(reply.status).toBe(500);
    expect(reply.body.code).toBe('internal');
  });

  it.each(['local', 'prod'])('answers with the contract success status, stripped to the contract on %s', async (stage) => {
    process.env.STAGE = stage;
    const reply = await invoke(handler, { method: 'POST', body: { mode: 'ok' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ done: true });
  });
});
