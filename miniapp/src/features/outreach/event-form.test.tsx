import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { event, scope } from '../../../test-support/outreach-data';
import { EventEditor } from './event-editor';

const typeInto = (placeholder: string, value: string) => fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } });
const errorUnder = (placeholder: string) => {
  // the field's own message comes right after it (its row for the pairs)
  let node: Element | null = screen.getByPlaceholderText(placeholder);
  while (node && !node.nextElementSibling?.classList.contains('field-error')) node = node.parentElement;
  return node?.nextElementSibling?.textContent ?? null;
};

// jsdom has no scrollIntoView: the tests that look for the scroll put one in
afterEach(() => void delete (Element.prototype as Partial<Element>).scrollIntoView);

const fillIn = () => {
  typeInto('如：卢沟桥街道新就业形态劳动者沟通会', '卢沟桥新就业形态劳动者沟通会');
  typeInto('如：卢沟桥文化广场东侧', '卢沟桥文化广场');
  typeInto('纬度 39.8605', '39.8605');
  typeInto('经度 116.2541', '116.2541');
  fireEvent.change(document.querySelector('input[name="event-startsAt-date"]')!, { target: { value: '2030-11-29' } });
  fireEvent.change(document.querySelector('input[name="event-startsAt-time"]')!, { target: { value: '12:00' } });
  fireEvent.change(document.querySelector('input[name="event-endsAt-date"]')!, { target: { value: '2030-11-29' } });
  fireEvent.change(document.querySelector('input[name="event-endsAt-time"]')!, { target: { value: '14:00' } });
};

it('says what is missing beside each field, scrolls to the first, sends nothing, and clears a message once its field changes', async () => {
  const api = fakeApi({ 'GET /staff/scope': [200, scope] });
  const scrolledTo: string[] = [];
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolledTo.push(this.textContent ?? '');
  };
  render(<EventEditor actingOrgId="fengtai" />);
  await screen.findByText('丰台区总工会 ▾');

  fireEvent.click(screen.getByText('创建沟通会'));

  expect(errorUnder('如：卢沟桥街道新就业形态劳动者沟通会')).toBe('请填写沟通会名称');
  expect(errorUnder('如：卢沟桥文化广场东侧')).toBe('请填写地点');
  expect(errorUnder('纬度 39.8605')).toBe('请填写沟通会位置的经纬度');
  expect(errorUnder('其他服务，如贴膜')).toBe('请至少选择一项服务');
  await waitFor(() => expect(scrolledTo).toEqual(['请填写沟通会名称']));
  expect(api.sent('POST /staff/events')).toHaveLength(0);

  typeInto('如：卢沟桥街道新就业形态劳动者沟通会', '卢');
  expect(errorUnder('如：卢沟桥街道新就业形态劳动者沟通会')).toBeNull();
  expect(errorUnder('如：卢沟桥文化广场东侧')).toBe('请填写地点');
  fireEvent.click(screen.getByText('理发'));
  expect(errorUnder('其他服务，如贴膜')).toBeNull();
});

it('creates the event for the org picked, with standard and custom services and their places; a retry after a lost answer sends the same request id', async () => {
  let attempts = 0;
  const api = fakeApi({
    'GET /staff/scope': [200, scope],
    'POST /staff/events': (body) => {
      attempts += 1;
      return [201, { event: { ...event, hostOrgId: body.hostOrgId }, created: attempts === 1 }];
    },
  });
  // the first answer never arrives (the network dropped): the app says so beside the button
  const answer = taroFake.respond;
  let dropped = false;
  taroFake.respond = (req) => {
    if (new URL(req.url).pathname !== '/staff/events' || dropped) return answer(req);
    dropped = true;
    return new Error('request:fail timeout');
  };
  render(<EventEditor actingOrgId="fengtai" />);
  await screen.findByText('丰台区总工会 ▾');

  fireEvent.change(document.querySelector('select[name="event-host"]')!, { target: { value: '1' } });
  expect(screen.getByText('卢沟桥街道总工会 ▾')).toBeTruthy();
  fireEvent.click(screen.getByText('企业沟通会'));
  fillIn();
  fireEvent.click(screen.getByText('理发'));
  fireEvent.click(screen.getByText('法律咨询'));
  typeInto('其他服务，如贴膜', '手机贴膜');
  fireEvent.click(screen.getByText('添加'));
  fireEvent.change(document.querySelector('input[name="event-capacity-0"]')!, { target: { value: '30' } });

  fireEvent.click(screen.getByText('创建沟通会'));
  await screen.findByText(/网络/);
  expect(taroFake.navigations).toEqual([]);
  fireEvent.click(screen.getByText('创建沟通会'));

  await waitFor(() => expect(taroFake.navigations).toEqual([{ how: 'redirectTo', url: '/staff/pages/event/index?eventId=ev-1' }]));
  expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已创建', icon: 'success' })]);
  // the server made the event at the first request; the retry gets it back (created: false), not a second one
  const sent = api.sent('POST /staff/events') as Record<string, unknown>[];
  expect(sent).toHaveLength(2);
  expect(sent[1]!.clientRequestId).toBe(sent[0]!.clientRequestId);
  expect(sent[1]).toEqual({
    kind: 'enterprise',
    hostOrgId: 'fengtai-lugouqiao',
    name: '卢沟桥新就业形态劳动者沟通会',
    place: '卢沟桥文化广场',
    location: { lat: 39.8605, lng: 116.2541 },
    // Beijing 12:00 and 14:00
    startsAt: '2030-11-29T04:00:00.000Z',
    endsAt: '2030-11-29T06:00:00.000Z',
    services: [{ key: 'haircut', capacity: 30 }, { key: 'legal' }, { name: '手机贴膜' }],
    staffIds: [],
    clientRequestId: sent[0]!.clientRequestId,
  });
});

it('shows the API’s problem with one service’s places beside that service', async () => {
  fakeApi({
    'GET /staff/scope': [200, scope],
    'POST /staff/events': [
      400,
      { code: 'bad_request', message: '请求内容有误', fieldErrors: { 'services.1.capacity': ['名额最多 10000 个'] }, requestId: 'r1' },
    ],
  });
  render(<EventEditor actingOrgId="fengtai" />);
  await screen.findByText('丰台区总工会 ▾');
  fillIn();
  fireEvent.click(screen.getByText('理发'));
  fireEvent.click(screen.getByText('血压血糖'));
  fireEvent.change(document.querySelector('input[name="event-capacity-1"]')!, { target: { value: '99999' } });
  fireEvent.click(screen.getByText('创建沟通会'));

  const message = await screen.findByText('名额最多 10000 个');
  expect(message.closest('[data-service]')!.getAttribute('data-service')).toBe('blood-check');
  expect(screen.getByText('请按上面的提示修改后再提交')).toBeTruthy();
});

it('edits an event as it is (custom services by name) and ends it only after a red confirm', async () => {
  const api = fakeApi({
    'GET /staff/scope': [200, scope],
    'GET /staff/events/ev-1': [200, event],
    'PUT /staff/events/ev-1': (body) => [200, { ...event, ...body, services: event.services }],
  });
  render(<EventEditor eventId="ev-1" actingOrgId="fengtai" />);
  await screen.findByText('修改沟通会');
  expect(screen.getByText('卢沟桥街道总工会')).toBeTruthy();
  expect((document.querySelector('input[name="event-capacity-0"]') as HTMLInputElement).value).toBe('30');

  taroFake.modalAnswer = false;
  fireEvent.click(screen.getByText('结束沟通会'));
  await waitFor(() => expect(taroFake.modals).toHaveLength(1));
  expect(taroFake.modals[0]).toMatchObject({ title: '结束沟通会', confirmText: '结束', confirmColor: '#c8102e' });
  expect(api.sent('PUT /staff/events/ev-1')).toHaveLength(0);

  taroFake.modalAnswer = true;
  await act(async () => void fireEvent.click(screen.getByText('结束沟通会')));
  await waitFor(() => expect(api.sent('PUT /staff/events/ev-1')).toHaveLength(1));
  expect(api.sent('PUT /staff/events/ev-1')[0]).toEqual({
    kind: 'worker',
    name: event.name,
    place: event.place,
    location: event.location,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    services: [{ key: 'haircut', capacity: 30 }, { key: 'legal' }, { name: '手机贴膜' }],
    staffIds: ['u-li'],
    status: 'closed',
  });
  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '沟通会已结束' })]));
  expect(screen.queryByText('结束沟通会')).toBeNull();
  expect(screen.getByText('已结束')).toBeTruthy();
});

it('keeps 结束时间须晚于开始时间 while the end is still before the start: another field changing does not clear it, the start or the end does', async () => {
  fakeApi({ 'GET /staff/scope': [200, scope] });
  render(<EventEditor actingOrgId="fengtai" />);
  await screen.findByText('丰台区总工会 ▾');
  fillIn();
  fireEvent.click(screen.getByText('理发'));
  fireEvent.change(document.querySelector('input[name="event-endsAt-time"]')!, { target: { value: '11:00' } });
  fireEvent.click(screen.getByText('创建沟通会'));
  const endError = () => screen.queryByText('结束时间须晚于开始时间');
  expect(endError()).toBeTruthy();

  typeInto('如：卢沟桥文化广场东侧', '卢沟桥文化广场东侧');
  fireEvent.click(screen.getByText('法律咨询'));
  typeInto('其他服务，如贴膜', '手机');
  typeInto('纬度 39.8605', '39.86');
  fireEvent.click(screen.getByText('企业沟通会'));
  expect(endError()).toBeTruthy();

  // the start or the end moves but the end is still before the start: it stays
  fireEvent.change(document.querySelector('input[name="event-startsAt-time"]')!, { target: { value: '11:30' } });
  fireEvent.change(document.querySelector('input[name="event-endsAt-time"]')!, { target: { value: '11:15' } });
  expect(endError()).toBeTruthy();
  // the start moves before the end: it goes
  fireEvent.change(document.querySelector('input[name="event-startsAt-time"]')!, { target: { value: '10:00' } });
  expect(endError()).toBeNull();
});
