import { describeWhen } from '../../test/support/describe-when';
import { PRIVACY_VERSION } from '../../shared/schemas/privacy';
import { bubblePath, createWeapp, hasBuild, until } from './weapp-harness';

const describeBuilt = describeWhen(hasBuild(), 'the weapp smoke test needs miniapp/dist/weapp: run `npm run build:weapp`');

describeBuilt('the built weapp: the privacy notice before anything is sent', () => {
  const session = {
    token: 'smoke-token',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    me: { id: 'smoke-user', role: 'worker', displayName: '微信用户', actingOrgId: null, privacyConsentVersion: null },
  };
  const weapp = createWeapp(({ url, method }) => {
    if (method === 'POST' && url.endsWith('/auth/wechat')) return { statusCode: 200, data: session };
    if (method === 'POST' && url.endsWith('/me/privacy-consent'))
      return {
        statusCode: 200,
        data: { consent: { version: PRIVACY_VERSION, consentedAt: new Date().toISOString(), withdrawnAt: null, current: true } },
      };
    if (url.includes('/stations/nearby')) return { statusCode: 200, data: { searchedRadiusMeters: 5000, stations: [] } };
    return { statusCode: 404, data: { code: 'route_not_found', message: '没有这个接口', requestId: 'x' } };
  });
  let wechatAsks: ((resolve: (o: { event: string; buttonId?: string }) => void) => void) | undefined;
  weapp.wx.onNeedPrivacyAuthorization = (listener: typeof wechatAsks) => void (wechatAsks = listener);
  weapp.storage.delete('union.privacy'); // a first run

  /** WeChat's agreePrivacyAuthorization event on the button showing `text` (what a tap on it fires). */
  function agree(page: ReturnType<typeof weapp.open>, text: string) {
    const path = bubblePath(page.data.root, text);
    const target = { id: path[0], dataset: { sid: path[0] } };
    for (const sid of path) {
      const event = {
        type: 'agreeprivacyauthorization',
        target,
        currentTarget: { id: sid, dataset: { sid } },
        detail: {},
        timeStamp: Date.now(),
      };
      (page.eh as (e: unknown) => void).call(page, event);
    }
  }

  let home: ReturnType<typeof weapp.open>;
  beforeAll(() => {
    weapp.launch();
    home = weapp.open('pages/stations/index');
  });

  it('opens on the notice, with WeChat’s agreePrivacyAuthorization button, and sends nothing', async () => {
    await until(() => weapp.texts(home).includes('个人信息保护提示'), 'the privacy notice');
    expect(JSON.stringify(home.data.root)).toContain('agreePrivacyAuthorization');
    expect(weapp.requests).toEqual([]);
    expect(typeof wechatAsks).toBe('function');
  });

  it('after 同意 signs in with wx.login and records the consent on the server', async () => {
    agree(home, '同意并继续');
    await until(() => weapp.requests.some((r) => r.url.endsWith('/me/privacy-consent')), 'the consent sent to the server');
    expect(weapp.requests.map((r) => new URL(r.url).pathname)[0]).toBe('/auth/wechat');
    expect(weapp.storage.get('union.privacy')).toMatchObject({ version: PRIVACY_VERSION });
  });

  it('when WeChat asks before a privacy API, shows the notice again and lets the API go on after 同意', async () => {
    const answers: { event: string; buttonId?: string }[] = [];
    wechatAsks!((answer) => answers.push(answer));
    await until(() => weapp.texts(home).includes('个人信息保护提示'), 'the notice again');
    agree(home, '同意并继续');
    await until(() => answers.some((a) => a.event === 'agree'), 'WeChat told');
    expect(answers).toEqual([{ event: 'exposureAuthorization' }, { event: 'agree', buttonId: 'agree-privacy' }]);
  });
});
