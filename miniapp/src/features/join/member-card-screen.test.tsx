import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beijingClock } from '@shared/beijing-time';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { clearOfflineCache, readOffline, saveOffline } from '../../lib/offline-cache';
import { MemberCardScreen } from './member-card-screen';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const cardAt = (n: number, offlineExpiresAt = inMinutes(12 * 60)) => ({
  name: '王大勇',
  orgName: '卢沟桥街道总工会',
  memberNo: 'FT-000123',
  joinedAt: '2026-11-20T02:00:00.000Z',
  status: 'active',
  qr: { token: `eyOnline-${n}`, svg: `data:image/svg+xml;base64,b25saW5l${n}`, expiresAt: inMinutes(3) },
  offlineQr: { token: `eyOffline-${n}`, svg: `data:image/svg+xml;base64,b2ZmbGluZQ${n}`, expiresAt: offlineExpiresAt },
});
const qr = () => document.querySelector('.member-card__qr') as HTMLImageElement | null;
const networkDown = () => {
  taroFake.respond = () => new Error('request:fail');
};

it('without a network shows the kept card with its offline QR and 离线 · 更新于 HH:mm; 重试 brings the live card back', async () => {
  let served = 0;
  fakeApi({ 'GET /me/member-card': () => [200, cardAt(++served)] });
  const first = render(<MemberCardScreen userId="u-wang" />);
  await waitFor(() => expect(qr()?.getAttribute('data-token')).toBe('eyOnline-1'));
  expect(document.body.textContent).not.toContain('离线');
  // the copy is written after the answer arrives
  await waitFor(async () => expect(await readOffline('member-card', 'u-wang')).not.toBeNull());
  const { savedAt } = (await readOffline('member-card', 'u-wang'))!;
  first.unmount();

  networkDown();
  render(<MemberCardScreen userId="u-wang" />);
  await screen.findByText(`离线 · 更新于 ${beijingClock(savedAt)}`);
  // the 12-hour QR, never the 3-minute one that has already expired on the server
  expect(qr()!.getAttribute('data-token')).toBe('eyOffline-1');
  expect(document.querySelector('.member-card__name')!.textContent).toBe('王大勇');
  expect(document.body.textContent).toContain('会员号 FT-000123');
  expect(document.body.textContent).toContain('可以照常出示');
  expect(document.querySelector('.member-card__hint')!.textContent).toMatch(/^离线二维码 \d{2}:\d{2} 前有效|^离线二维码 \d+月/);

  // the network is back: one tap (or the quiet retry) swaps in the live card, no spinner in between
  served = 1;
  fakeApi({ 'GET /me/member-card': () => [200, cardAt(++served)] });
  fireEvent.click(screen.getByText('重试'));
  await waitFor(() => expect(qr()!.getAttribute('data-token')).toBe('eyOnline-2'));
  expect(document.body.textContent).not.toContain('离线');
});

it('a kept card whose offline QR has expired shows no QR: it says so, with 重试 and the member number to give staff', async () => {
  fakeApi({});
  await saveOffline('member-card', 'u-wang', cardAt(1, inMinutes(-1)), new Date(Date.now() - 13 * 3600_000));
  networkDown();
  render(<MemberCardScreen userId="u-wang" />);
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain('离线会员卡已过期');
  expect(alert.textContent).toContain('12 小时');
  expect(alert.textContent).toContain('会员号 FT-000123');
  expect(alert.textContent).toContain('重试');
  expect(qr()).toBeNull();
});

it('with nothing kept, the error says what would have worked offline; another person’s card is never shown', async () => {
  fakeApi({});
  await saveOffline('member-card', 'u-other', cardAt(7));
  networkDown();
  render(<MemberCardScreen userId="u-wang" />);
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain('网络连接失败');
  expect(alert.textContent).toContain('断网后 12 小时内仍可出示');
  expect(alert.textContent).toContain('重试');
  expect(qr()).toBeNull();
});

it('keeps one person’s copies only, and clearOfflineCache (退出登录) forgets them', async () => {
  fakeApi({});
  await saveOffline('member-card', 'u-other', cardAt(7));
  await saveOffline('member-card', 'u-wang', cardAt(1));
  expect(await readOffline('member-card', 'u-other')).toBeNull();
  expect((await readOffline('member-card', 'u-wang'))?.data).toMatchObject({ memberNo: 'FT-000123' });

  clearOfflineCache();
  expect(await readOffline('member-card', 'u-wang')).toBeNull();
  networkDown();
  render(<MemberCardScreen userId="u-wang" />);
  expect((await screen.findByRole('alert')).textContent).toContain('网络连接失败');
});

it('a member who is not one yet is told so, not shown a kept card', async () => {
  fakeApi({ 'GET /me/member-card': [404, { code: 'not_found', message: '您还不是会员' }] });
  await saveOffline('member-card', 'u-wang', cardAt(1));
  render(<MemberCardScreen userId="u-wang" />);
  await screen.findByText('您还不是会员');
  expect(qr()).toBeNull();
});

it('while showing the kept card, tries again by itself and swaps in the live card when the network is back', async () => {
  jest.useFakeTimers();
  try {
    fakeApi({});
    await saveOffline('member-card', 'u-wang', cardAt(1));
    networkDown();
    render(<MemberCardScreen userId="u-wang" />);
    await screen.findByText(/^离线 · 更新于/);

    fakeApi({ 'GET /me/member-card': [200, cardAt(2)] });
    await act(async () => void jest.advanceTimersByTime(30_000));
    await waitFor(() => expect(qr()!.getAttribute('data-token')).toBe('eyOnline-2'));
    expect(document.body.textContent).not.toContain('离线');
  } finally {
    jest.useRealTimers();
  }
});

it('an application still under review is no member card: 审核中, who reviews it and when it was sent, no QR', async () => {
  const { qr: _qr, offlineQr: _offline, ...card } = cardAt(1);
  fakeApi({ 'GET /me/member-card': [200, { ...card, status: 'pending', joinedAt: '2026-11-29T23:30:00.000Z' }] });
  render(<MemberCardScreen userId="u-wang" />);
  await screen.findByText('入会申请审核中');
  expect(document.body.textContent).toContain('卢沟桥街道总工会的工作人员审核通过后，这里就是您的电子会员卡');
  expect(document.querySelector('[data-applicant]')!.textContent).toContain('提交时间11月30日 周一 07:30');
  expect(qr()).toBeNull();
  expect(document.querySelector('.member-card')).toBeNull();
  expect(document.body.textContent).not.toContain('入会时间');
  expect(document.body.textContent).not.toContain('修改后重新提交');
});

it('a kept application shows its status offline, never a QR', async () => {
  const { qr: _qr, offlineQr: _offline, ...card } = cardAt(1);
  fakeApi({});
  await saveOffline('member-card', 'u-wang', { ...card, status: 'rejected', rejectReason: '工作单位请写全称' });
  networkDown();
  render(<MemberCardScreen userId="u-wang" />);
  await screen.findByText(/^离线 · 更新于/);
  expect(document.querySelector('[data-returned]')!.textContent).toContain('退回原因：工作单位请写全称');
  expect(qr()).toBeNull();
});
