import { accessToken, callWechat, forgetAccessToken, WechatUnavailable } from './access-token';
import { checkText } from './content-check';
import { startFakeWechat, type FakeWechat } from '../../../test/functions-support/fake-wechat';

let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
});
afterAll(() => wechat.close());
beforeEach(() => {
  forgetAccessToken();
  wechat.down = false;
  wechat.calls.length = 0;
});

const tokenCalls = () => wechat.calls.filter((c) => c.url.pathname === '/cgi-bin/stable_token');
const checkCalls = () => wechat.calls.filter((c) => c.url.pathname === '/wxa/msg_sec_check');

describe('the access token (stable_token)', () => {
  it('is fetched once with the app id and secret, then reused from the container cache', async () => {
    await Promise.all([callWechat('/wxa/msg_sec_check', { content: '你好' }), callWechat('/wxa/msg_sec_check', { content: '谢谢' })]);
    await callWechat('/wxa/msg_sec_check', { content: '再见' });
    expect(tokenCalls()).toHaveLength(1);
    expect(tokenCalls()[0]!.body).toEqual({
      grant_type: 'client_credential',
      appid: 'wx-test-app',
      secret: 'test-app-secret',
      force_refresh: false,
    });
    expect(checkCalls()).toHaveLength(3);
  });

  it.each([40001, 42001])('on errcode %i gets a fresh token once and the call succeeds', async (errcode) => {
    await accessToken();
    wechat.failNext('/wxa/msg_sec_check', errcode);
    await expect(callWechat('/wxa/msg_sec_check', { content: '你好' })).resolves.toMatchObject({ errcode: 0 });
    expect(checkCalls()).toHaveLength(2);
    // WeChat repeats the refused token in normal mode, so the refresh forces a new one
    expect(tokenCalls().map((c) => c.body.force_refresh)).toEqual([false, false, true]);
  });

  it('when the token expired, the refresh hands out the new one and the call goes through with it', async () => {
    const old = await accessToken();
    wechat.expireToken();
    await expect(callWechat('/wxa/msg_sec_check', { content: '你好' })).resolves.toMatchObject({ errcode: 0 });
    const fresh = await accessToken();
    expect(fresh).not.toBe(old);
    expect(tokenCalls().map((c) => c.body.force_refresh)).toEqual([false, false]); // normal mode found the new one
    expect(checkCalls().map((c) => c.url.searchParams.get('access_token'))).toEqual([old, fresh]);
  });

  it('refreshes once only: a second refusal is WeChat’s answer, not a loop', async () => {
    wechat.failNext('/wxa/msg_sec_check', 40001);
    wechat.failNext('/wxa/msg_sec_check', 40001);
    await expect(callWechat('/wxa/msg_sec_check', { content: '你好' })).resolves.toMatchObject({ errcode: 40001 });
    expect(checkCalls()).toHaveLength(2);
  });

  it('WeChat unreachable → WechatUnavailable, whose message names the path and never the token', async () => {
    const token = await accessToken();
    wechat.down = true;
    const error = await callWechat('/wxa/msg_sec_check', { content: '你好' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatUnavailable);
    expect(String((error as Error).message)).toContain('/wxa/msg_sec_check');
    expect(String((error as Error).message)).not.toContain(token);
    expect(JSON.stringify(error)).not.toContain(token);
  });
});

describe('msgSecCheck', () => {
  it('v1 (no openid): pass, or risky on errcode 87014', async () => {
    await expect(checkText('今天热水很足', { scene: 3 })).resolves.toBe('pass');
    await expect(checkText('这里有违禁内容', { scene: 3 })).resolves.toBe('risky');
    expect(checkCalls().at(-1)!.body).toEqual({ content: '这里有违禁内容' });
  });

  it('v2 (with an openid): pass, review or risky from result.suggest', async () => {
    await expect(checkText('今天热水很足', { scene: 3, openid: 'openid-x' })).resolves.toBe('pass');
    await expect(checkText('有点待审的话', { scene: 3, openid: 'openid-x' })).resolves.toBe('review');
    await expect(checkText('违禁', { scene: 3, openid: 'openid-x' })).resolves.toBe('risky');
    expect(checkCalls().at(-1)!.body).toEqual({ content: '违禁', version: 2, scene: 3, openid: 'openid-x' });
  });

  it('gives no verdict when WeChat is down or answers another errcode', async () => {
    wechat.failNext('/wxa/msg_sec_check', -1); // system busy
    await expect(checkText('你好', { scene: 3 })).rejects.toBeInstanceOf(WechatUnavailable);
    wechat.down = true;
    await expect(checkText('你好', { scene: 3 })).rejects.toBeInstanceOf(WechatUnavailable);
  });
});
