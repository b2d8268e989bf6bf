import { handler as login } from '../auth/login-with-wechat';
import { handler as getMe } from '../auth/get-me';
import { handler as recordConsent } from './record-privacy-consent';
import { handler as withdrawConsent } from './withdraw-privacy-consent';
import { PRIVACY_VERSION } from '../../shared/schemas/privacy';
import { invoke } from '../../test/functions-support/invoke';
import { startFakeWechat, type FakeWechat } from '../../test/functions-support/fake-wechat';

let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
});
afterAll(() => wechat.close());

/** A new worker, signed in through the fake WeChat: their token. */
async function newWorker(name: string): Promise<string> {
  const reply = await invoke(login, { method: 'POST', path: '/auth/wechat', body: { code: `ok-privacy-${name}` } });
  expect(reply.status).toBe(200);
  expect(reply.body.me.privacyConsentVersion).toBeNull();
  return reply.body.token;
}

const consent = (token: string, body: unknown) => invoke(recordConsent, { method: 'POST', path: '/me/privacy-consent', token, body });
const withdraw = (token: string) => invoke(withdrawConsent, { method: 'POST', path: '/me/privacy-consent/withdraw', token });
const me = async (token: string) => (await invoke(getMe, { path: '/me', token })).body.me;

describe('POST /me/privacy-consent (DynamoDB Local)', () => {
  it('records the current version and its time; /me and the next sign-in carry it', async () => {
    const token = await newWorker('a');
    const reply = await consent(token, { version: PRIVACY_VERSION });
    expect(reply.status).toBe(200);
    expect(reply.body.consent).toMatchObject({ version: PRIVACY_VERSION, current: true, withdrawnAt: null });
    expect(Date.now() - Date.parse(reply.body.consent.consentedAt)).toBeLessThan(60_000);
    expect((await me(token)).privacyConsentVersion).toBe(PRIVACY_VERSION);
    const again = await invoke(login, { method: 'POST', path: '/auth/wechat', body: { code: 'ok-privacy-a' } });
    expect(again.body.me.privacyConsentVersion).toBe(PRIVACY_VERSION);
  });

  it('is idempotent: a retry keeps the first consent time', async () => {
    const token = await newWorker('b');
    const first = await consent(token, { version: PRIVACY_VERSION });
    const retry = await consent(token, { version: PRIVACY_VERSION });
    expect(retry.status).toBe(200);
    expect(retry.body.consent.consentedAt).toBe(first.body.consent.consentedAt);
  });

  it('refuses a consent to an old version with 409 privacy_version_outdated, so the app asks again; nothing is stored', async () => {
    const token = await newWorker('c');
    const reply = await consent(token, { version: '2023-10-17' });
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ code: 'privacy_version_outdated', message: '隐私保护指引已更新，请阅读新版本后再同意' });
    expect((await me(token)).privacyConsentVersion).toBeNull();
  });

  it('refuses bad input in Chinese and anyone not signed in', async () => {
    const token = await newWorker('d');
    const missing = await consent(token, {});
    expect(missing.status).toBe(400);
    expect(missing.body.fieldErrors.version).toEqual(['缺少隐私保护指引的版本']);
    expect((await consent(token, { version: PRIVACY_VERSION, extra: 1 })).status).toBe(400);
    expect((await consent(token, { version: '<script>' })).status).toBe(400);
    const anonymous = await invoke(recordConsent, { method: 'POST', path: '/me/privacy-consent', body: { version: PRIVACY_VERSION } });
    expect(anonymous.status).toBe(401);
  });
});

describe('POST /me/privacy-consent/withdraw (DynamoDB Local)', () => {
  it('records the withdrawal: no version, the time kept; agreeing again records a new consent', async () => {
    const token = await newWorker('e');
    await consent(token, { version: PRIVACY_VERSION });
    const reply = await withdraw(token);
    expect(reply.status).toBe(200);
    expect(reply.body.consent).toMatchObject({ version: null, consentedAt: null, current: false });
    expect(Date.now() - Date.parse(reply.body.consent.withdrawnAt)).toBeLessThan(60_000);
    expect((await me(token)).privacyConsentVersion).toBeNull();

    const retry = await withdraw(token);
    expect(retry.status).toBe(200);
    expect(retry.body.consent.withdrawnAt).toBe(reply.body.consent.withdrawnAt);

    // another device signing in learns of the withdrawal (and asks again)
    const elsewhere = await invoke(login, { method: 'POST', path: '/auth/wechat', body: { code: 'ok-privacy-e' } });
    expect(elsewhere.body.me).toMatchObject({ privacyConsentVersion: null, privacyWithdrawnAt: reply.body.consent.withdrawnAt });

    const again = await consent(token, { version: PRIVACY_VERSION });
    expect(again.body.consent).toMatchObject({ version: PRIVACY_VERSION, current: true, withdrawnAt: reply.body.consent.withdrawnAt });
  });

  it('for someone who never agreed records nothing and says so', async () => {
    const token = await newWorker('f');
    const reply = await withdraw(token);
    expect(reply.status).toBe(200);
    expect(reply.body.consent).toEqual({ version: null, consentedAt: null, withdrawnAt: null, current: false });
  });
});
