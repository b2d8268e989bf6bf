import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { PRIVACY_VERSION } from '@shared/schemas/privacy';
import { taroFake } from '../../../test-support/taro-fake';
import { agreeToPrivacy } from '../../lib/privacy-consent';
import { saveOffline } from '../../lib/offline-cache';
import { saveSession, signOut } from '../../lib/session-store';
import MemberCardPage from '../../pages/member-card/index';
import { SessionGate } from './session-gate';

/**
 * weapp: the stored session expired while the phone was offline. Signing in again needs the network
 * (wx.login, then the API), so without one the gate opens the member card and 我的报名 with the kept
 * session (their kept copies, 离线, read-only), says what is usable on other screens, and signs in
 * again quietly once the network is back.
 */
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const sessionOf = (token: string, expiresAt: string) => ({
  token,
  expiresAt,
  me: { id: 'u-wang', role: 'worker', displayName: '王师傅', privacyConsentVersion: PRIVACY_VERSION },
});
const cardAt = (n: number) => ({
  name: '王大勇',
  orgName: '卢沟桥街道总工会',
  memberNo: 'FT-000123',
  joinedAt: '2026-11-20T02:00:00.000Z',
  status: 'active',
  qr: { token: `eyOnline-${n}`, svg: `data:image/svg+xml;base64,b25saW5l${n}`, expiresAt: inMinutes(3) },
  offlineQr: { token: `eyOffline-${n}`, svg: `data:image/svg+xml;base64,b2ZmbGluZQ${n}`, expiresAt: inMinutes(12 * 60) },
});
const qr = () => document.querySelector('.member-card__qr') as HTMLImageElement | null;
const authOf = (r: { header: Record<string, string> }) => r.header.Authorization ?? r.header.authorization;

const env = process.env.TARO_ENV;
beforeEach(async () => {
  process.env.TARO_ENV = 'weapp';
  taroFake.reset();
  agreeToPrivacy();
  // signed in yesterday; the session has expired since, while the phone was offline
  act(() => saveSession(sessionOf('t-old', inMinutes(-60)) as never));
  await saveOffline('member-card', 'u-wang', cardAt(1), new Date(Date.now() - 3600_000));
  taroFake.respond = () => new Error('request:fail'); // no network
});
afterEach(() => {
  process.env.TARO_ENV = env;
  jest.useRealTimers();
});

it('shows the kept member card, marked 离线, sending nothing with the expired token', async () => {
  render(<MemberCardPage />);
  await screen.findByText(/^离线 · 更新于/);
  expect(qr()!.getAttribute('data-token')).toBe('eyOffline-1');
  expect(document.body.textContent).toContain('会员号 FT-000123');
  expect(screen.queryByText('无法连接工会服务')).toBeNull();
  expect(taroFake.requests.some((r) => r.url.endsWith('/auth/wechat'))).toBe(true);
  expect(taroFake.requests.map(authOf).filter(Boolean)).toEqual([]);
});

it('signs in again quietly once the network is back and swaps in the live card', async () => {
  jest.useFakeTimers();
  render(<MemberCardPage />);
  await screen.findByText(/^离线 · 更新于/);

  // the network is back: a new session, and the card only for its token
  taroFake.respond = ({ url }) => {
    if (url.endsWith('/auth/wechat')) return { statusCode: 200, data: sessionOf('t-new', inMinutes(120)) };
    const signedIn = taroFake.requests.at(-1) && authOf(taroFake.requests.at(-1)!) === 'Bearer t-new';
    if (url.endsWith('/me/member-card'))
      return signedIn ? { statusCode: 200, data: cardAt(2) } : { statusCode: 401, data: { code: 'unauthorized', message: '请先登录' } };
    return { statusCode: 404, data: { code: 'route_not_found', message: '无' } };
  };
  await act(async () => void jest.advanceTimersByTime(30_000));
  jest.useRealTimers();
  await waitFor(() => expect(qr()?.getAttribute('data-token')).toBe('eyOnline-2'));
  expect(document.body.textContent).not.toContain('离线');
  expect(screen.queryByText('正在登录…')).toBeNull();
  expect(
    taroFake.requests
      .filter((r) => r.url.endsWith('/me/member-card'))
      .map(authOf)
      .at(-1),
  ).toBe('Bearer t-new');
});

it('another screen says it cannot connect, with 重试 and what is still usable offline', async () => {
  render(<SessionGate>{() => <p>驿站列表</p>}</SessionGate>);
  expect((await screen.findByRole('alert')).textContent).toContain('无法连接工会服务');
  expect(screen.getByText('重试')).toBeTruthy();
  expect(screen.getByText('没有网络时仍可使用')).toBeTruthy();
  fireEvent.click(screen.getByText('电子会员卡'));
  fireEvent.click(screen.getByText('我的报名'));
  expect(taroFake.navigations.map((n) => n.url)).toEqual(['/pages/member-card/index', '/pages/my-signups/index']);
  expect(screen.queryByText('驿站列表')).toBeNull();
});

it('a refusal is not a dropped network: the kept session is not used', async () => {
  taroFake.respond = () => ({ statusCode: 401, data: { code: 'unauthorized', message: '账号已注销' } });
  render(<MemberCardPage />);
  expect((await screen.findByRole('alert')).textContent).toContain('账号已注销');
  expect(qr()).toBeNull();
  expect(screen.queryByText('没有网络时仍可使用')).toBeNull();
});

it('after 退出登录 nothing kept stands in', async () => {
  act(() => signOut());
  render(<SessionGate offline>{() => <p>会员卡</p>}</SessionGate>);
  await waitFor(() => expect(screen.queryByText('正在登录…')).toBeNull());
  expect(screen.queryByText('会员卡')).toBeNull();
  expect(screen.queryByText('没有网络时仍可使用')).toBeNull();
});
