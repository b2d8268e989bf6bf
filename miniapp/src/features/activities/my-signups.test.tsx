import { act, fireEvent, render, screen, within, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { beijingClock } from '@shared/beijing-time';
import { readOffline } from '../../lib/offline-cache';
import { MySignups } from './my-signups';

const base = { places: 1, children: [], createdAt: '2026-11-20T02:00:00.000Z' };
const ticket = { token: 'eyTicket-ac-haircut', svg: 'data:image/svg+xml;base64,PHN2Zy8+' };
const waitlisted = { ...base, activityId: 'ac-clinic', activityTitle: '中医义诊', status: 'waitlisted', position: 3 };
const offered = {
  ...base,
  activityId: 'ac-haircut',
  activityTitle: '免费理发',
  activityStartsAt: '2026-11-29T23:30:00.000Z',
  activityPlace: '卢沟桥文化广场',
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
  render(<MySignups userId="u-wang" />);

  await screen.findByText('中医义诊');
  expect(card('中医义诊').textContent).toContain('候补中（第 3 位）');
  // the deadline in Beijing time, whatever the phone's zone
  expect(card('免费理发').querySelector('.activity__status')!.textContent).toBe(
    '候补到名额了，请在 11月26日 周四 10:00 前确认参加，过时名额将让给下一位',
  );
  expect(within(card('中医义诊')).queryByText('确认参加')).toBeNull();
  // when and where, with the weekday, in Beijing time (07:30 Beijing is 23:30 UTC the day before)
  expect(card('免费理发').querySelector('.activity__where')!.textContent).toBe('11月30日 周一 07:30 · 卢沟桥文化广场');

  fireEvent.click(within(card('免费理发')).getByText('确认参加'));

  await waitFor(() => expect(card('免费理发').textContent).toContain('报名成功'));
  expect((within(card('免费理发')).getByRole('img') as HTMLImageElement).src).toBe(ticket.svg);
  // the ticket's card says when and where, to read at the door
  expect(card('免费理发').querySelector('.activity__where')!.textContent).toBe('11月30日 周一 07:30 · 卢沟桥文化广场');
  expect(card('免费理发').textContent).toContain('入场时请出示这个二维码');
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
  render(<MySignups userId="u-wang" />);
  await screen.findByText('中医义诊');
  expect(screen.getAllByText(/中医义诊|送清凉/).map((e) => e.textContent)).toEqual(['中医义诊', '送清凉']);
  expect(card('送清凉').textContent).toContain('未按时确认，已失效');
  expect(within(card('送清凉')).queryByText('取消报名')).toBeNull();

  taroFake.modalAnswer = false;
  fireEvent.click(within(card('中医义诊')).getByText('取消报名'));
  await act(() => new Promise((r) => setTimeout(r, 20)));
  expect(taroFake.modals).toEqual([
    // the platform's dialog, its destructive button red (not the default green)
    expect.objectContaining({ title: '取消报名', content: expect.stringContaining('名额会让给候补的职工'), confirmColor: '#c8102e' }),
  ]);
  expect(api.sent('POST /activities/ac-clinic/signups/cancel')).toHaveLength(0);
  expect(taroFake.toasts).toEqual([]);

  taroFake.modalAnswer = true;
  fireEvent.click(within(card('中医义诊')).getByText('取消报名'));
  await waitFor(() => expect(card('中医义诊').textContent).toContain('已取消'));
  expect(api.sent('POST /activities/ac-clinic/signups/cancel')).toHaveLength(1);
  // said by the platform too, not only on the card
  expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已取消报名' })]);
});

it('says so when there are no sign-ups yet, and offers a retry when loading fails', async () => {
  fakeApi({ 'GET /me/signups': [200, { signups: [] }] });
  const { unmount } = render(<MySignups userId="u-wang" />);
  await waitFor(() => expect(document.body.textContent).toContain('您还没有报名活动'));
  unmount();

  fakeApi({ 'GET /me/signups': [500, { code: 'internal', message: '服务暂时不可用，请稍后再试', requestId: 'r1' }] });
  render(<MySignups userId="u-wang" />);
  expect((await screen.findByRole('alert')).textContent).toContain('服务暂时不可用');
  expect(document.body.textContent).toContain('重试');
});

it('shows a checked-in sign-up as 已签到 with the Beijing time: no ticket to show again, nothing to cancel', async () => {
  const checkedIn = {
    ...base,
    activityId: 'ac-haircut',
    activityTitle: '免费理发',
    activityStartsAt: '2026-11-29T23:30:00.000Z',
    activityPlace: '卢沟桥文化广场',
    status: 'confirmed',
    // 07:42 Beijing time
    checkedInAt: '2026-11-29T23:42:00.000Z',
    // the API still sends the ticket of a confirmed sign-up
    ticket,
  };
  fakeApi({ 'GET /me/signups': [200, { signups: [checkedIn] }] });
  render(<MySignups userId="u-wang" />);
  await screen.findByText('免费理发');
  expect(card('免费理发').querySelector('.activity__status')!.textContent).toBe('已签到（11月30日 周一 07:42）');
  expect(card('免费理发').textContent).not.toContain('报名成功');
  expect(within(card('免费理发')).queryByRole('img')).toBeNull();
  expect(card('免费理发').textContent).not.toContain('入场时请出示这个二维码');
  expect(card('免费理发').textContent).toContain('入场票已使用');
  expect(within(card('免费理发')).queryByText('取消报名')).toBeNull();
});

it('without a network shows the kept list with its tickets, read-only, marked 离线 · 更新于; with nothing kept, says what would work', async () => {
  const confirmed = { ...offered, status: 'confirmed', holdExpiresAt: undefined, ticket };
  // over yesterday: its ticket opens no door any more, so the phone does not keep its picture
  const over = {
    ...confirmed,
    activityId: 'ac-over',
    activityTitle: '送清凉',
    activityEndsAt: new Date(Date.now() - 86_400_000).toISOString(),
  };
  fakeApi({ 'GET /me/signups': [200, { signups: [waitlisted, confirmed, over] }] });
  const online = render(<MySignups userId="u-wang" />);
  await screen.findByText('免费理发');
  await waitFor(async () => expect(await readOffline('signups', 'u-wang')).not.toBeNull());
  const { savedAt } = (await readOffline('signups', 'u-wang'))!;
  online.unmount();

  taroFake.respond = () => new Error('request:fail');
  const offline = render(<MySignups userId="u-wang" />);
  await screen.findByText(`离线 · 更新于 ${beijingClock(savedAt)}`);
  expect((within(card('免费理发')).getByRole('img') as HTMLImageElement).getAttribute('data-ticket')).toBe(ticket.token);
  expect(card('免费理发').textContent).toContain('入场时请出示这个二维码');
  expect(card('中医义诊').textContent).toContain('候补中（第 3 位）');
  expect(within(card('送清凉')).queryByRole('img')).toBeNull();
  // nothing that needs the server: no cancel, no confirm
  expect(screen.queryByText('取消报名')).toBeNull();
  expect(document.body.textContent).toContain('确认或取消报名要等联网');
  offline.unmount();

  // someone else on this phone: not their tickets
  taroFake.respond = () => new Error('request:fail');
  render(<MySignups userId="u-other" />);
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain('断网后仍可出示入场票');
  expect(alert.textContent).toContain('重试');
});

it('opened from a message (?activity=) scrolls to that entry and marks it; an unknown or missing one marks nothing', async () => {
  const scrolledTo: Element[] = [];
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolledTo.push(this);
  };
  fakeApi({ 'GET /me/signups': [200, { signups: [waitlisted, offered] }] });
  const { unmount } = render(<MySignups userId="u-wang" focus="ac-haircut" />);
  await screen.findByText('免费理发');
  await waitFor(() => expect(scrolledTo).toEqual([card('免费理发')]));
  expect(card('免费理发').className).toContain('activity--focus');
  expect(card('免费理发').textContent).toContain('消息里说的是这一项');
  expect(card('中医义诊').className).not.toContain('activity--focus');
  unmount();

  scrolledTo.length = 0;
  for (const focus of ['ac-gone', 'ac-haircut"], *', undefined]) {
    const view = render(<MySignups userId="u-wang" focus={focus} />);
    await screen.findByText('免费理发');
    expect(document.querySelector('.activity--focus')).toBeNull();
    view.unmount();
  }
  await new Promise((r) => setTimeout(r, 0));
  expect(scrolledTo).toEqual([]);
  delete (Element.prototype as Partial<Element>).scrollIntoView;
});

it('a plan the member is covered by (claimable) has 申请理赔 on its entry: straight to the claim; other entries have none', async () => {
  fakeApi({
    'GET /me/signups': () => [
      200,
      {
        signups: [
          { ...base, activityId: 'plan-1', activityTitle: '职工互助保障计划', status: 'confirmed', claimable: true, ticket },
          { ...offered, activityId: 'ac-other', activityTitle: '免费体检' },
        ],
      },
    ],
  });
  render(<MySignups userId="u-claim" />);
  await screen.findByText('职工互助保障计划');
  expect(within(card('免费体检')).queryByText('申请理赔')).toBeNull();
  fireEvent.click(within(card('职工互助保障计划')).getByText('申请理赔'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/care/pages/claim-start/index?activity=plan-1' }]);
});
