import { act, fireEvent, render, screen } from '@testing-library/react';
import { taroFake } from '../../../test-support/taro-fake';
import { SessionGate } from './session-gate';
import { saveSession } from '../../lib/session-store';
import { agreeToPrivacy, forgetPrivacyConsent } from '../../lib/privacy-consent';

const session = {
  token: 't1',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  me: { id: 'u1', role: 'staff', displayName: '李老师', actingOrgId: 'fengtai-lugouqiao' },
};

beforeEach(() => {
  taroFake.reset();
  act(() => saveSession(null));
  agreeToPrivacy(); // the first-run notice has its own tests (privacy-notice.test.tsx)
});

it('on H5 offers the demo identities, then shows the screen once signed in', async () => {
  taroFake.respond = ({ url, data }) =>
    url.endsWith('/auth/wechat') && (data as { code: string }).code === 'dev:staff'
      ? { statusCode: 200, data: session }
      : { statusCode: 404, data: {} };
  render(<SessionGate>{(s) => <p>欢迎 {s.me.displayName}</p>}</SessionGate>);
  fireEvent.click(await screen.findByText('工会工作人员'));
  expect((await screen.findByText('欢迎 李老师')).tagName).toBe('P');
  expect(screen.queryByText('请选择一个演示身份', { exact: false })).toBeNull();
});

it('signs in once however often the identity is tapped', async () => {
  taroFake.respond = () => ({ statusCode: 200, data: session });
  render(<SessionGate>{() => <p>已登录</p>}</SessionGate>);
  const option = await screen.findByText('职工');
  fireEvent.click(option);
  fireEvent.click(option);
  await screen.findByText('已登录');
  expect(taroFake.requests.filter((r) => r.url.endsWith('/auth/wechat'))).toHaveLength(1);
});

it('says in Chinese when the API cannot be reached', async () => {
  taroFake.respond = () => new Error('connect ECONNREFUSED');
  render(<SessionGate>{() => <p>已登录</p>}</SessionGate>);
  fireEvent.click(await screen.findByText('职工'));
  expect((await screen.findByRole('alert')).textContent).toContain('网络连接失败，请检查网络后重试');
  expect(screen.queryByText('已登录')).toBeNull();
});

it('goes back to sign-in when the session is dropped (e.g. an expired token)', async () => {
  act(() => saveSession(session as never));
  render(<SessionGate>{() => <p>已登录</p>}</SessionGate>);
  await screen.findByText('已登录');
  act(() => saveSession(null));
  await screen.findByText('请选择一个演示身份', { exact: false });
  expect(screen.queryByText('已登录')).toBeNull();
});

it('opens the screen at the top after the privacy notice and sign-in (not where the notice was scrolled to)', async () => {
  forgetPrivacyConsent();
  taroFake.respond = () => ({ statusCode: 200, data: session });
  render(<SessionGate>{() => <p>已登录</p>}</SessionGate>);
  expect(taroFake.scrolls).toEqual([]);
  // the long notice is scrolled down to 同意; agreeing puts the sign-in in its place
  act(() => void agreeToPrivacy());
  fireEvent.click(await screen.findByText('职工'));
  await screen.findByText('已登录');
  expect(taroFake.scrolls.length).toBeGreaterThanOrEqual(2);
  expect(taroFake.scrolls.every((s) => s.scrollTop === 0)).toBe(true);
});
