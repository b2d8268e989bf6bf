import { act, fireEvent, render, screen } from '@testing-library/react';
import { PRIVACY_VERSION } from '@shared/schemas/privacy';
import Taro from '@tarojs/taro';
import { taroFake } from '../../../test-support/taro-fake';
import { fakeApi } from '../../../test-support/fake-api';
import { SessionGate } from './session-gate';
import { signIn } from './sign-in';
import { allowSignIn, currentSession, saveSession, signOut } from '../../lib/session-store';
import { hasCurrentConsent } from '../../lib/privacy-consent';

const session = (privacyConsentVersion: string | null = null) => ({
  token: 't1',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  me: { id: 'u1', role: 'worker', displayName: '王师傅', actingOrgId: null, privacyConsentVersion },
});

beforeEach(() => {
  taroFake.reset();
  act(() => saveSession(null));
});

const consentAnswer = () =>
  [200, { consent: { version: PRIVACY_VERSION, consentedAt: new Date().toISOString(), withdrawnAt: null, current: true } }] as [
    number,
    unknown,
  ];

it('on first run shows the privacy notice and sends nothing, not even the sign-in, before 同意', async () => {
  fakeApi({ 'POST /auth/wechat': [200, session()] }, { privacyConsent: false });
  render(<SessionGate>{() => <p>已登录</p>}</SessionGate>);
  expect(await screen.findByText('个人信息保护提示')).toBeTruthy();
  for (const heading of ['谁在处理', '处理什么、为什么', '保存多久', '谁能看到', '您的权利']) screen.getByText(heading);
  expect(screen.getByText(/位置只用于查找最近的驿站，不保存/)).toBeTruthy();
  // every right the app offers, where to find it
  expect(screen.getByText(/查看信息、导出副本、更正姓名手机号和工作单位、撤回同意、退出登录、注销账号/)).toBeTruthy();
  // reading the full guideline sends nothing either
  fireEvent.click(screen.getByText('阅读完整的《工会服务用户隐私保护指引》 ›'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/pages/privacy/index' }]);
  // 不同意: told what it means, still nothing sent
  fireEvent.click(screen.getByText('不同意'));
  expect((await screen.findByRole('alert')).textContent).toContain('不同意将无法使用工会服务');
  expect(taroFake.requests).toEqual([]);
  expect(screen.queryByText('已登录')).toBeNull();
});

it('after 同意 stores the consent with its version, signs in and tells the server once', async () => {
  const api = fakeApi({ 'POST /auth/wechat': [200, session()], 'POST /me/privacy-consent': consentAnswer() }, { privacyConsent: false });
  render(<SessionGate>{() => <p>已登录</p>}</SessionGate>);
  fireEvent.click(await screen.findByText('同意并继续'));
  expect(taroFake.requests).toEqual([]); // on H5 the person still picks who they are
  expect(Taro.getStorageSync('union.privacy')).toMatchObject({ version: PRIVACY_VERSION });
  fireEvent.click(await screen.findByText('职工'));
  await screen.findByText('已登录');
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  expect(api.sent('POST /me/privacy-consent')).toEqual([{ version: PRIVACY_VERSION }]);
  // the session now says the server knows: a later screen does not ask the server again
  expect(currentSession()?.me.privacyConsentVersion).toBe(PRIVACY_VERSION);
  render(<SessionGate>{() => <p>另一页</p>}</SessionGate>);
  await screen.findByText('另一页');
  expect(api.sent('POST /me/privacy-consent')).toHaveLength(1);
});

it('asks again when the stored consent is for an older guideline', async () => {
  fakeApi({}, { privacyConsent: false });
  Taro.setStorageSync('union.privacy', { version: '2023-10-17', at: '2023-10-17T02:00:00.000Z' });
  act(() => saveSession(session('2023-10-17') as never));
  render(<SessionGate>{() => <p>已登录</p>}</SessionGate>);
  expect(await screen.findByText('个人信息保护提示')).toBeTruthy();
  expect(screen.queryByText('已登录')).toBeNull();
  expect(taroFake.requests).toEqual([]);
});

it('asks again when the server refuses the version the app agreed to (privacy_version_outdated)', async () => {
  fakeApi(
    {
      'POST /me/privacy-consent': [
        409,
        { code: 'privacy_version_outdated', message: '隐私保护指引已更新，请阅读新版本后再同意', requestId: 'r' },
      ],
    },
    { privacyConsent: false },
  );
  act(() => saveSession(session() as never));
  render(<SessionGate>{() => <p>已登录</p>}</SessionGate>);
  fireEvent.click(await screen.findByText('同意并继续'));
  await screen.findByText('已登录');
  expect(await screen.findByText('个人信息保护提示')).toBeTruthy();
  expect(hasCurrentConsent()).toBe(false);
});

it('asks again when the consent was withdrawn on another device after this one agreed, and tells the server nothing', async () => {
  const api = fakeApi({ 'POST /me/privacy-consent': consentAnswer() }, { privacyConsent: false });
  Taro.setStorageSync('union.privacy', { version: PRIVACY_VERSION, at: '2026-11-29T02:00:00.000Z' });
  const withdrawnElsewhere = session(null);
  act(() =>
    saveSession({ ...withdrawnElsewhere, me: { ...withdrawnElsewhere.me, privacyWithdrawnAt: '2026-11-30T02:00:00.000Z' } } as never),
  );
  render(<SessionGate>{() => <p>已登录</p>}</SessionGate>);
  expect(await screen.findByText('个人信息保护提示')).toBeTruthy();
  expect(api.sent('POST /me/privacy-consent')).toEqual([]);
  // agreeing here again is a new consent, later than the withdrawal: it is recorded
  fireEvent.click(screen.getByText('同意并继续'));
  await screen.findByText('已登录');
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  expect(api.sent('POST /me/privacy-consent')).toEqual([{ version: PRIVACY_VERSION }]);
});

it('after a withdrawal asks at most once more, even when the phone’s clock runs behind the server’s', async () => {
  const api = fakeApi({ 'POST /me/privacy-consent': consentAnswer() }, { privacyConsent: false });
  const withdrawn = session(null);
  // the server withdrew "5 minutes from now" by the phone's slow clock
  const privacyWithdrawnAt = new Date(Date.now() + 5 * 60_000).toISOString();
  act(() => saveSession({ ...withdrawn, me: { ...withdrawn.me, privacyWithdrawnAt } } as never));
  render(<SessionGate>{() => <p>已登录</p>}</SessionGate>);
  fireEvent.click(await screen.findByText('同意并继续'));
  // the phone's 同意 looks older than the withdrawal: asked once more, then never again for it
  fireEvent.click(await screen.findByText('同意并继续'));
  await screen.findByText('已登录');
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  expect(screen.queryByText('个人信息保护提示')).toBeNull();
  expect(api.sent('POST /me/privacy-consent')).toEqual([{ version: PRIVACY_VERSION }]);
});

describe('退出登录 on weapp', () => {
  const env = process.env.TARO_ENV;
  beforeEach(() => void (process.env.TARO_ENV = 'weapp'));
  afterEach(() => void (process.env.TARO_ENV = env));

  it('is not undone by the automatic wx.login: nothing is signed in until 登录 is tapped', async () => {
    fakeApi({ 'POST /auth/wechat': [200, session(PRIVACY_VERSION)] });
    act(() => saveSession(session(PRIVACY_VERSION) as never));
    act(() => signOut());
    expect(currentSession()).toBeNull();
    expect(await signIn()).toBeNull();
    expect(taroFake.requests).toEqual([]);
    allowSignIn();
    expect((await signIn())?.me.id).toBe('u1');
    expect(taroFake.requests.map((r) => new URL(r.url).pathname)).toEqual(['/auth/wechat']);
  });
});
