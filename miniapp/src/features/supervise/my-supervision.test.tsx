import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { MySupervision } from './my-supervision';
import { SupervisionLink } from './supervision-link';

const supervised = (n: number, due: boolean) => ({
  stationId: `st-${n}`,
  name: `卢沟桥工会驿站${n}号`,
  address: `丰台路${n}号`,
  location: { lat: 39.86, lng: 116.25 },
  due,
  ...(due ? {} : { lastInspectedAt: '2026-11-02T02:00:00.000Z', lastScore: 92 }),
});

it('我监督的驿站: each station marked 本季度待检查 until inspected, 检查驿站 one tap away', async () => {
  jest.useFakeTimers({ now: new Date('2026-11-30T04:00:00Z'), doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
  fakeApi({ 'GET /me/supervision': [200, { stations: [supervised(1, true), supervised(2, false)] }] });
  const { container } = render(<MySupervision />);
  await screen.findByText('丰台路1号');
  const first = container.querySelector('[data-station="st-1"]')!;
  expect(first.querySelector('.supervised__name')?.textContent).toBe('卢沟桥工会驿站1号');
  expect(first.querySelector('.supervised__name .keep-whole')?.textContent).toBe('1号'); // never 「驿站1 / 号」
  const second = container.querySelector('[data-station="st-2"]')!;
  expect(first.querySelector('.due-badge')?.textContent).toBe('本季度待检查');
  expect(first.querySelector('.supervised__last')?.textContent).toBe('还没有检查过');
  expect(second.querySelector('.done-badge')?.textContent).toBe('本季度已检查');
  expect(second.querySelector('.supervised__last')?.textContent).toBe('上次检查 11月2日 周一 · 92 分');
  expect(container.querySelector('.page-header__title')?.textContent).toBe('我监督的驿站');
  fireEvent.click(first.querySelector('.big-button')!);
  fireEvent.click(first.querySelector('.big-button--ghost')!);
  expect(taroFake.navigations.map((n) => n.url)).toEqual([
    '/supervise/pages/inspect/index?id=st-1',
    `/supervise/pages/inspections/index?id=st-1&name=${encodeURIComponent('卢沟桥工会驿站1号')}`,
  ]);
  jest.useRealTimers();
});

it('someone who supervises nothing is told so, under the page’s header', async () => {
  fakeApi({ 'GET /me/supervision': [200, { stations: [] }] });
  const { container } = render(<MySupervision />);
  expect(await screen.findByText('您还不是义务监督员')).toBeTruthy();
  expect(container.querySelector('.page-header__title')?.textContent).toBe('我监督的驿站');
});

it('on 我的 the entry shows only for a supervisor, with how many stations are due', async () => {
  fakeApi({ 'GET /me/supervision': [200, { stations: [supervised(1, true), supervised(2, false), supervised(3, true)] }] });
  const { container, unmount } = render(<SupervisionLink />);
  await screen.findByText('我监督的驿站');
  expect(screen.getByText('本季度 2 个驿站待检查')).toBeTruthy();
  fireEvent.click(container.querySelector('.supervision-link')!);
  expect(taroFake.navigations.map((n) => n.url)).toEqual(['/supervise/pages/stations/index']);
  unmount();

  const api = fakeApi({ 'GET /me/supervision': [200, { stations: [] }] });
  const none = render(<SupervisionLink />);
  await waitFor(() => expect(api.urls('GET /me/supervision')).toHaveLength(1));
  await act(() => new Promise((r) => setTimeout(r, 20)));
  expect(none.container.textContent).toBe('');
});
