import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { event } from '../../../test-support/outreach-data';
import { EventList, shownStatus } from './event-list';

afterEach(() => jest.restoreAllMocks());

it('lists the subtree’s events with their status, Beijing times and host; one opens its dashboard, 新建沟通会 the form', async () => {
  const planned = {
    ...event,
    id: 'ev-2',
    name: '长辛店企业沟通会',
    kind: 'enterprise',
    status: 'planned',
    endsAt: '2023-11-30T06:00:00.000Z',
  };
  // 11月29日 11:00 Beijing: neither has started
  jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2023-11-29T03:00:00.000Z'));
  fakeApi({ 'GET /staff/events': [200, { events: [planned, { ...event, status: 'planned' }], nextCursor: 'p2' }] });
  render(<EventList />);
  const first = (await screen.findByText('长辛店企业沟通会')).closest('[data-event]')!;
  expect(first.textContent).toContain('筹备中');
  // it runs past midnight: both days are said
  expect(first.textContent).toContain('11月29日 周三 12:00 至 11月30日 周四 14:00');
  expect(first.textContent).toContain('企业沟通会 · 卢沟桥文化广场');
  const second = document.querySelector('[data-event="ev-1"]')!;
  expect(second.textContent).toContain('筹备中');
  expect(second.textContent).toContain('11月29日 周三 12:00–14:00');
  expect(screen.getByText('加载更多')).toBeTruthy();

  fireEvent.click(second);
  fireEvent.click(screen.getByText('新建沟通会'));
  expect(taroFake.navigations.map((n) => n.url)).toEqual(['/staff/pages/event/index?eventId=ev-1', '/staff/pages/event-edit/index']);
});

it('says there are none yet, and where to start', async () => {
  fakeApi({ 'GET /staff/events': [200, { events: [] }] });
  render(<EventList />);
  expect(await screen.findByText('还没有沟通会')).toBeTruthy();
});

it('shows what the clock says unless staff ended it: 筹备中 before the start, 进行中 between, 已结束 after or once closed', async () => {
  const at = (beijing: string) => Date.parse(`${beijing}+08:00`);
  // the demo event 09:00–17:00, left 进行中 by staff, seen at 23:45
  const demo = {
    ...event,
    id: 'demo',
    name: '示范沟通会',
    status: 'open' as const,
    startsAt: '2023-11-29T01:00:00.000Z',
    endsAt: '2023-11-29T09:00:00.000Z',
  };
  expect(shownStatus(demo, at('2023-11-29T23:45:00'))).toBe('closed');
  expect(shownStatus(demo, at('2023-11-29T08:59:00'))).toBe('planned');
  // made 筹备中, already started
  expect(shownStatus({ ...demo, status: 'planned' as const }, at('2023-11-29T09:30:00'))).toBe('open');
  // ended by staff before its end time
  expect(shownStatus({ ...demo, status: 'closed' as const }, at('2023-11-29T10:00:00'))).toBe('closed');

  jest.spyOn(Date, 'now').mockReturnValue(at('2023-11-29T23:45:00'));
  const started = {
    ...demo,
    id: 'new',
    name: '今晚沟通会',
    status: 'planned',
    startsAt: '2023-11-29T15:30:00.000Z',
    endsAt: '2023-11-29T17:00:00.000Z',
  };
  fakeApi({ 'GET /staff/events': [200, { events: [started, demo] }] });
  render(<EventList />);
  expect((await screen.findByText('今晚沟通会')).closest('[data-event]')!.textContent).toContain('进行中');
  expect(document.querySelector('[data-event="demo"]')!.textContent).toContain('已结束');
});
