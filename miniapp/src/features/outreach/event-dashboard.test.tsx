import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { event, figures } from '../../../test-support/outreach-data';
import { EventDashboard, FIGURES_REFRESH_MS } from './event-dashboard';

// the page's show and hide, fired by the test as WeChat would (stall mode opened over it, back again)
const mockLifecycle = { show: [] as (() => void)[], hide: [] as (() => void)[] };
jest.mock('@tarojs/taro', () => {
  const fake = jest.requireActual('@tarojs/taro');
  return {
    __esModule: true,
    ...fake,
    useDidShow: (callback: () => void) => void mockLifecycle.show.push(callback),
    useDidHide: (callback: () => void) => void mockLifecycle.hide.push(callback),
  };
});
const fire = (which: 'show' | 'hide') => act(() => mockLifecycle[which].splice(0).forEach((callback) => callback()));

beforeEach(() => {
  mockLifecycle.show.length = 0;
  mockLifecycle.hide.length = 0;
});
afterEach(() => jest.useRealTimers());

const bar = (key: string) => document.querySelector(`[data-bar="${key}"]`)?.textContent;
const figure = (label: string) => document.querySelector(`[data-figure="${label}"]`)?.textContent;

it('shows the event, the way into stall mode, and its figures: joins per hour, places per service, occupations, tallies', async () => {
  fakeApi({ 'GET /staff/events/ev-1': [200, event], 'GET /staff/events/ev-1/figures': [200, figures] });
  render(<EventDashboard eventId="ev-1" />);
  await screen.findByText('每小时入会');

  expect(document.querySelector('.page-header')!.textContent).toContain('11月29日 周三 12:00–14:00');
  expect(figure('入会')).toBe('165入会');
  expect(figure('咨询')).toBe('120咨询');
  expect(figure('宣传册')).toBe('1146宣传册');
  expect(figure('互助服务卡')).toBe('37互助服务卡');
  expect(figure('签到')).toBe('52签到');
  // 28 registered for a haircut + 41 counted at the legal desk
  expect(figure('服务人次')).toBe('69服务人次');
  expect(Array.from(document.querySelectorAll('[data-column]')).map((c) => c.textContent)).toEqual(['9712时', '6813时']);
  expect(bar('haircut')).toBe('理发28 / 30 · 候补 3');
  expect(bar('legal')).toBe('法律咨询41 人次');
  // the largest group first
  expect(
    Array.from(document.querySelectorAll('[data-bar]'))
      .slice(3)
      .map((b) => b.textContent),
  ).toEqual(['外卖配送员110', '快递员40', '其他15']);
  expect(screen.getByText('更新于 13:03 · 每 15 秒自动刷新')).toBeTruthy();

  fireEvent.click(screen.getByText('进入摊位模式'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/staff/pages/stall/index?eventId=ev-1' }]);
});

it('reads the figures again every 15 s while shown, not while hidden, at once when shown again; a failed read keeps the last figures', async () => {
  jest.useFakeTimers();
  let joins = 165;
  let down = false;
  const api = fakeApi({
    'GET /staff/events/ev-1': [200, event],
    'GET /staff/events/ev-1/figures': () =>
      down
        ? [503, { code: 'unavailable', message: '服务暂时不可用，请稍后重试', requestId: 'r1' }]
        : [200, { ...figures, joins: { ...figures.joins, total: joins } }],
  });
  render(<EventDashboard eventId="ev-1" />);
  await waitFor(() => expect(figure('入会')).toBe('165入会'));
  const reads = () => api.sent('GET /staff/events/ev-1/figures').length;
  expect(reads()).toBe(1);

  joins = 170;
  await act(async () => jest.advanceTimersByTime(FIGURES_REFRESH_MS));
  await waitFor(() => expect(figure('入会')).toBe('170入会'));
  expect(reads()).toBe(2);

  fire('hide');
  await act(async () => jest.advanceTimersByTime(FIGURES_REFRESH_MS * 4));
  expect(reads()).toBe(2);

  joins = 181;
  fire('show');
  await waitFor(() => expect(figure('入会')).toBe('181入会'));
  expect(reads()).toBe(3);

  down = true;
  await act(async () => jest.advanceTimersByTime(FIGURES_REFRESH_MS));
  await screen.findByText('刷新失败：服务暂时不可用，请稍后重试（每 15 秒自动重试）');
  expect(figure('入会')).toBe('181入会');
});

it('a closed event has no way into stall mode', async () => {
  fakeApi({ 'GET /staff/events/ev-1': [200, { ...event, status: 'closed' }], 'GET /staff/events/ev-1/figures': [200, figures] });
  render(<EventDashboard eventId="ev-1" />);
  await screen.findByText('每小时入会');
  expect(screen.getByText('已结束')).toBeTruthy();
  expect(screen.queryByText('进入摊位模式')).toBeNull();
});

it('labels each hour by its Beijing hour, with the day when the event runs over several days', async () => {
  const byHour = [
    { hour: '11月30日 23:00', joins: 4 },
    { hour: '12月1日 00:00', joins: 2 },
  ];
  fakeApi({
    'GET /staff/events/ev-1': [200, event],
    'GET /staff/events/ev-1/figures': [200, { ...figures, joins: { ...figures.joins, byHour } }],
  });
  render(<EventDashboard eventId="ev-1" />);
  await screen.findByText('每小时入会');
  expect(Array.from(document.querySelectorAll('[data-column]')).map((c) => c.textContent)).toEqual(['430日23时', '21日0时']);
});

it('an answer of another shape is a load error with 重试, never a crash; 重试 reads again', async () => {
  let shape: unknown = { eventId: 'ev-1', joins: { total: 3 } };
  const api = fakeApi({ 'GET /staff/events/ev-1': [200, event], 'GET /staff/events/ev-1/figures': () => [200, shape] });
  render(<EventDashboard eventId="ev-1" />);
  expect(await screen.findByText('现场数据加载失败')).toBeTruthy();
  expect(screen.getByText('读取到的数据不完整，请重试')).toBeTruthy();
  expect(screen.getByText('进入摊位模式')).toBeTruthy();

  shape = figures;
  fireEvent.click(screen.getByText('重试'));
  await waitFor(() => expect(figure('入会')).toBe('165入会'));
  expect(api.sent('GET /staff/events/ev-1/figures')).toHaveLength(2);
});

it('an event answer of another shape shows 加载失败 with 重试', async () => {
  fakeApi({ 'GET /staff/events/ev-1': [200, 'Bad Gateway'], 'GET /staff/events/ev-1/figures': [200, figures] });
  render(<EventDashboard eventId="ev-1" />);
  expect(await screen.findByText('读取到的数据不完整，请重试')).toBeTruthy();
  expect(screen.getByText('重试')).toBeTruthy();
});
