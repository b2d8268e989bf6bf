import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PRIVACY_VERSION } from '@shared/schemas/privacy';
import type { Session } from '@shared/schemas/session';
import { taroFake } from '../../../test-support/taro-fake';
import { fakeApi } from '../../../test-support/fake-api';
import { currentSession, saveSession } from '../../lib/session-store';
import { hasCurrentConsent } from '../../lib/privacy-consent';
import { readOffline, saveOffline } from '../../lib/offline-cache';
import { SessionGate } from '../auth/session-gate';
import { MyPrivacy } from './my-privacy';
import { PrivacyGuideline } from './privacy-guideline';

const session: Session = {
  token: 't1',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  me: { id: 'u1', role: 'worker', displayName: '王大勇', actingOrgId: null, privacyConsentVersion: PRIVACY_VERSION },
};
const membership = {
  memberNo: 'FT-000123',
  name: '王大勇',
  mobile: '13912345678',
  employer: '美团',
  occupation: 'food-delivery',
  newEmploymentForm: true,
  gender: 'male',
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  status: 'active',
  joinedAt: '2026-11-20T02:00:00.000Z',
  cardRequest: 'none',
  history: [],
};
const withdrawn = { consent: { version: null, consentedAt: null, withdrawnAt: '2026-11-30T02:00:00.000Z', current: false } };

/** 个人信息与隐私 inside the gate, as its page has it. */
const page = () => render(<SessionGate>{(s) => <MyPrivacy session={s} />}</SessionGate>);

beforeEach(() => act(() => saveSession(null)));

it('shows what the union holds about me, in full to me, with Beijing times', async () => {
  fakeApi({ 'GET /me/membership': [200, { membership }] });
  act(() => saveSession(session));
  page();
  await screen.findByText('13912345678');
  for (const text of ['王大勇', '美团', '外卖配送员', '男', '卢沟桥街道总工会', 'FT-000123', '11月20日 周五 10:00', '职工']) {
    expect(screen.getAllByText(text).length).toBeGreaterThan(0);
  }
  expect(screen.getByText(`${PRIVACY_VERSION} 版`, { exact: false })).toBeTruthy();
  fireEvent.click(screen.getByText('查看《工会服务用户隐私保护指引》 ›'));
  expect(taroFake.navigations.at(-1)).toEqual({ how: 'navigateTo', url: '/pages/privacy/index' });
});

it('says plainly when nothing from joining is held', async () => {
  fakeApi({ 'GET /me/membership': [200, { membership: null }] });
  act(() => saveSession(session));
  page();
  expect(await screen.findByText(/您还没有入会，我们没有保存您的姓名、手机号/)).toBeTruthy();
});

it('退出登录 asks with a red confirm, then forgets the session and the offline card and returns to sign-in', async () => {
  fakeApi({ 'GET /me/membership': [200, { membership }] });
  act(() => saveSession(session));
  await saveOffline('member-card', 'u1', { name: '王大勇' });
  expect(await readOffline('member-card', 'u1')).not.toBeNull();
  page();
  await screen.findByText('13912345678');
  taroFake.modalAnswer = false;
  fireEvent.click(screen.getByText('退出登录'));
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  expect(currentSession()).not.toBeNull();

  taroFake.modalAnswer = true;
  fireEvent.click(screen.getByText('退出登录'));
  await screen.findByText('请选择一个演示身份', { exact: false });
  expect(taroFake.modals.at(-1)).toMatchObject({ title: '退出登录', confirmText: '退出登录', confirmColor: '#c8102e' });
  expect(currentSession()).toBeNull();
  expect(Taro.getStorageSync('union.session')).toBe('');
  expect(taroFake.toasts.at(-1)).toMatchObject({ title: '已退出登录' });
  expect(taroFake.navigations.at(-1)).toEqual({ how: 'switchTab', url: '/pages/me/index' });
  expect(await readOffline('member-card', 'u1')).toBeNull();
  expect(hasCurrentConsent()).toBe(true); // signing out is not withdrawing consent
});

it('撤回同意 records the withdrawal on the server, then forgets the consent and the session: the notice shows again', async () => {
  const api = fakeApi({ 'GET /me/membership': [200, { membership }], 'POST /me/privacy-consent/withdraw': [200, withdrawn] });
  act(() => saveSession(session));
  await saveOffline('member-card', 'u1', { name: '王大勇' });
  page();
  await screen.findByText('13912345678');
  fireEvent.click(screen.getByText('撤回同意'));
  await screen.findByText('个人信息保护提示');
  expect(taroFake.modals.at(-1)).toMatchObject({ title: '撤回同意', confirmColor: '#c8102e' });
  expect(api.sent('POST /me/privacy-consent/withdraw')).toHaveLength(1);
  expect(hasCurrentConsent()).toBe(false);
  expect(currentSession()).toBeNull();
  expect(await readOffline('member-card', 'u1')).toBeNull();
});

it('when the withdrawal cannot reach the server, says so beside the button and changes nothing', async () => {
  fakeApi({ 'GET /me/membership': [200, { membership }] });
  act(() => saveSession(session));
  page();
  await screen.findByText('13912345678');
  taroFake.respond = ({ url }) => (url.endsWith('/withdraw') ? new Error('offline') : { statusCode: 200, data: { membership } });
  fireEvent.click(screen.getByText('撤回同意'));
  expect((await screen.findByRole('alert')).textContent).toContain('网络');
  expect(hasCurrentConsent()).toBe(true);
  expect(currentSession()).not.toBeNull();
});

it('the full guideline covers the real data, the retention schedule and a marked complaint contact to fill in', () => {
  const { container } = render(<PrivacyGuideline />);
  const text = container.textContent ?? '';
  for (const words of ['SHA-256', '女职工', '子女姓名和年龄', '不保存', '照片', '留言墙', '180 天', '3 年', '撤回同意', '【待填写']) {
    expect(text).toContain(words);
  }
  expect(container.querySelector('.privacy__section--todo')?.textContent).toContain('投诉');
  expect(container.querySelector('.privacy__section--todo')?.textContent).toContain('待补全 · 上线前由工会填写');
  // 导出、更正、注销 are live: the guideline says how to use them, not that they are coming
  expect(text).not.toContain('即将上线');
  for (const how of ['点“导出我的数据”', '“更正信息”里修改', '点“注销账号”']) expect(text).toContain(how);
});
