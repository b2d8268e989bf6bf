import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { MySignups } from './my-signups';

const base = { places: 1, children: [], createdAt: '2026-11-20T02:00:00.000Z' };
const ticket = { token: 'eyTicket-ac-haircut', svg: 'data:image/svg+xml;base64,PHN2Zy8+' };
const waitlisted = { ...base, activityId: 'ac-clinic', activityTitle: '中医义诊', status: 'waitlisted', position: 3 };
const offered = {
  ...base,
  activityId: 'ac-haircut',
  activityTitle: '免费理发',
  status: 'offered',
  holdExpiresAt: '2026-11-26T02:00:00.000Z',
};
const card = (title: string) => screen.getByText(title).closest('[data-signup]') as HTMLElement;

it('shows the place in the queue, confirms an offer in one tap, and then shows the entry ticket', async () => {
  let haircut: Record<string, unknown> = offered;
  const api = fakeApi({
    'GET /me/signups': () => [200, { signups: [waitlisted, haircut] }],
    'POST /activities/ac-haircut/signups/confirm': () => (
      (haircut = { ...offered, status: 'confirmed', holdExpiresAt: undefined, ticket }),
      [200, haircut]
    ),
  });
  render(<MySignups />);

  await screen.findByText('中医义诊');
  expect(within(card('中医义诊')).getByText('候补中（第 3 位）')).toBeTruthy();
  // the deadline in Beijing time, whatever the phone's zone
  expect(within(card('免费理发')).getByText('候补到位，请确认，请在 11-26 10:00 前确认')).toBeTruthy();
  expect(within(card('中医义诊')).queryByText('确认参加')).toBeNull();

  fireEvent.click(within(card('免费理发')).getByText('确认参加'));

  expect(await within(card('免费理发')).findByText('报名成功')).toBeTruthy();
  expect((within(card('免费理发')).getByRole('img') as HTMLImageElement).src).toBe(ticket.svg);
  expect(screen.getByText('入场时请出示这个二维码')).toBeTruthy();
  expect(api.sent('POST /activities/ac-haircut/signups/confirm')).toHaveLength(1);
});

it('cancels only after the member says so in the dialog, and keeps past sign-ups below without buttons', async () => {
  let clinic: Record<string, unknown> = waitlisted;
  const expired = { ...base, activityId: 'ac-old', activityTitle: '送清凉', status: 'expired' };
  const api = fakeApi({
    'GET /me/signups': () => [200, { signups: [expired, clinic] }],
    'POST /activities/ac-clinic/signups/cancel': () => (
      (clinic = { ...waitlisted, status: 'cancelled', position: undefined }),
      [200, clinic]
    ),
  });
  render(<MySignups />);
  await screen.findByText('中医义诊');
  expect(screen.getAllByText(/中医义诊|送清凉/).map((e) => e.textContent)).toEqual(['中医义诊', '送清凉']);
  expect(within(card('送清凉')).getByText('未按时确认，已失效')).toBeTruthy();
  expect(within(card('送清凉')).queryByText('取消报名')).toBeNull();

  taroFake.modalAnswer = false;
  fireEvent.click(within(card('中医义诊')).getByText('取消报名'));
  await act(() => new Promise((r) => setTimeout(r, 20)));
  expect(taroFake.modals).toEqual([
    expect.objectContaining({ title: '取消报名', content: expect.stringContaining('名额会让给候补的职工') }),
  ]);
  expect(api.sent('POST /activities/ac-clinic/signups/cancel')).toHaveLength(0);

  taroFake.modalAnswer = true;
  fireEvent.click(within(card('中医义诊')).getByText('取消报名'));
  expect(await within(card('中医义诊')).findByText('已取消')).toBeTruthy();
  expect(api.sent('POST /activities/ac-clinic/signups/cancel')).toHaveLength(1);
});

it('says so when there are no sign-ups yet, and offers a retry when loading fails', async () => {
  fakeApi({ 'GET /me/signups': [200, { signups: [] }] });
  const { unmount } = render(<MySignups />);
  expect(await screen.findByText('您还没有报名活动')).toBeTruthy();
  unmount();

  fakeApi({ 'GET /me/signups': [500, { code: 'internal', message: '服务暂时不可用，请稍后再试', requestId: 'r1' }] });
  render(<MySignups />);
  expect((await screen.findByRole('alert')).textContent).toContain('服务暂时不可用');
  expect(screen.getByText('重试')).toBeTruthy();
});
