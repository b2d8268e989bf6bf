import { z } from 'zod';
import { SignJWT } from 'jose';
import { route } from '../../../shared/contract';
import { defineHandler } from './handler';
import { handler as login } from '../../auth/login-with-wechat';
import { handler as getStaffScope } from '../../orgs/get-staff-scope';
import { handler as getMe } from '../../auth/get-me';
import { handler as routeNotFound } from '../../system/route-not-found';
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

  it('a worker calling a staff route → 403 in Chinese', async () => {
    const reply = await invoke(getStaffScope, { path: '/staff/scope', token: await tokenFor('worker') });
    expect(reply.status).toBe(403);
    expectErrorBody(reply.body, 'forbidden');
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
    return { done: true as const };
  });

  it('an unexpected error → 500 internal with no internals', async () => {
    const reply = await invoke(handler, { method: 'POST', body: { mode: 'crash' } });
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ code: 'internal', message: expect.stringMatching(/[\u4e00-\u9fa5]/), requestId: expect.any(String) });
    expect(JSON.stringify(reply.body)).not.toContain('hunter2');
  });

  it('a response that breaks the contract is caught outside prod', async () => {
    const reply = await invoke(handler, { method: 'POST', body: { mode: 'bad-response' } });
    expect(reply.status).toBe(500);
  });

  it('answers with the contract success status', async () => {
    const reply = await invoke(handler, { method: 'POST', body: { mode: 'ok' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ done: true });
  });
});
