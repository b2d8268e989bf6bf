import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { event } from '../../../test-support/outreach-data';
import { EventList } from './event-list';

it('lists the subtree’s events with their status, Beijing times and host; one opens its dashboard, 新建沟通会 the form', async () => {
  const planned = {
    ...event,
    id: 'ev-2',
    name: '长辛店企业沟通会',
    kind: 'enterprise',
    status: 'planned',
    endsAt: '2023-11-30T06:00:00.000Z',
  };
  fakeApi({ 'GET /staff/events': [200, { events: [planned, event], nextCursor: 'p2' }] });
  render(<EventList />);
  const first = (await screen.findByText('长辛店企业沟通会')).closest('[data-event]')!;
  expect(first.textContent).toContain('筹备中');
  // it runs past midnight: both days are said
  expect(first.textContent).toContain('11月29日 周三 12:00 至 11月30日 周四 14:00');
  expect(first.textContent).toContain('企业沟通会 · 卢沟桥文化广场');
  const second = document.querySelector('[data-event="ev-1"]')!;
  expect(second.textContent).toContain('进行中');
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
