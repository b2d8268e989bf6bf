import { exchangePhoneCode } from './wechat-phone';
import { startFakeWechat, type FakeWechat } from '../../../test/functions-support/fake-wechat';

let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
});
afterAll(() => wechat.close());
afterEach(() => {
  process.env.STAGE = 'local';
});

it('exchanges a getPhoneNumber code for the number, with an access token from the app secret', async () => {
  await expect(exchangePhoneCode('phone-13800138000')).resolves.toBe('13800138000');
  const tokenCall = wechat.calls.find((c) => c.url.pathname === '/cgi-bin/stable_token');
  expect(tokenCall?.body).toMatchObject({ grant_type: 'client_credential', appid: 'wx-test-app', secret: 'test-app-secret' });
});

it('refuses an invalid code with a field error', async () => {
  await expect(exchangePhoneCode('bogus')).rejects.toMatchObject({ status: 400, code: 'bad_request' });
});

it('accepts dev-phone codes only on the local stage', async () => {
  await expect(exchangePhoneCode('dev-phone:13912345678')).resolves.toBe('13912345678');
  process.env.STAGE = 'prod';
  await expect(exchangePhoneCode('dev-phone:13912345678')).rejects.toMatchObject({ status: 400 });
});
