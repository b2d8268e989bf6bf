import { handler as login } from './login-with-wechat';
import { handler as getMe } from './get-me';
import { invoke } from '../../test/functions-support/invoke';
import { FAKE_SESSION_KEY, startFakeWechat, type FakeWechat } from '../../test/functions-support/fake-wechat';

let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
});
afterAll(() => wechat.close());
afterEach(() => {
  process.env.STAGE = 'local';
});

const loginWith = (code: string) => invoke(login, { method: 'POST', path: '/auth/wechat', body: { code } });

describe('POST /auth/wechat with the real code2Session adapter', () => {
  it('signs a new worker in and the token opens /me', async () => {
    const reply = await loginWith('ok-rider-1');
    expect(reply.status).toBe(200);
    expect(reply.body.me.role).toBe('worker');
    expect(new Date(reply.body.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const me = await invoke(getMe, { path: '/me', token: reply.body.token });
    expect(me.status).toBe(200);
    expect(me.body.me.id).toBe(reply.body.me.id);
  });

  it('passes app id and secret to WeChat and never returns or logs the openid or session key', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    process.env.LOG_LEVEL = 'info';
    try {
      const reply = await loginWith('ok-rider-2');
      const sent = wechat.requests.at(-1)!;
      expect(sent.searchParams.get('appid')).toBe('wx-test-app');
      expect(sent.searchParams.get('secret')).toBe('test-app-secret');
      const everything = JSON.stringify(reply) + lines.join('\n');
      expect(lines.length).toBeGreaterThan(0);
      expect(everything).not.toContain(FAKE_SESSION_KEY);
      expect(everything).not.toContain('openid-rider-2');
      expect(everything).not.toContain('ok-rider-2');
    } finally {
      process.env.LOG_LEVEL = 'silent';
      spy.mockRestore();
    }
  });

  it('signs the same WeChat account in as the same user every time', async () => {
    const first = await loginWith('ok-rider-3');
    const again = await loginWith('ok-rider-3');
    expect(again.body.me.id).toBe(first.body.me.id);
  });

  it('makes exactly one user when one person signs in 20 times at once', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => loginWith('ok-rider-burst')));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(replies.map((r) => r.body.me.id)).size).toBe(1);
  });

  it('answers 401 with a Chinese message for an invalid or used code', async () => {
    for (const code of ['nonsense', 'used']) {
      const reply = await loginWith(code);
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('wechat_code_invalid');
      expect(reply.body.message).toMatch(/登录凭证/);
    }
  });

  it('answers 429 when WeChat rate-limits us', async () => {
    const reply = await loginWith('busy');
    expect(reply.status).toBe(429);
    expect(reply.body.code).toBe('too_many_requests');
  });

  it('answers 502 (not 500) when WeChat cannot be reached', async () => {
    process.env.WECHAT_API_BASE = 'http://127.0.0.1:9';
    try {
      const reply = await loginWith('ok-rider-4');
      expect(reply.status).toBe(502);
      expect(reply.body.code).toBe('upstream_unavailable');
    } finally {
      process.env.WECHAT_API_BASE = wechat.baseUrl;
    }
  });
});

describe('dev login codes', () => {
  it('on the local stage, dev:staff signs in as the seeded staff member', async () => {
    const reply = await loginWith('dev:staff');
    expect(reply.status).toBe(200);
    expect(reply.body.me).toMatchObject({ role: 'staff', displayName: '李老师', actingOrgId: 'fengtai-lugouqiao' });
  });

  it.each(['dev', 'prod'])('on the %s stage, a dev code is refused without asking WeChat', async (stage) => {
    process.env.STAGE = stage;
    const before = wechat.requests.length;
    const reply = await loginWith('dev:admin');
    expect(reply.status).toBe(401);
    expect(reply.body.code).toBe('wechat_code_invalid');
    expect(wechat.requests.length).toBe(before);
  });
});
