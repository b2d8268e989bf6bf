import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { StallActionInput, StallResult } from '@shared/schemas/stall';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { testKeys } from './test-keys';
import { StallScreen } from './stall-screen';

const keys = testKeys();
const event = {
  id: 'ev-1',
  kind: 'worker',
  hostOrgId: 'fengtai-lugouqiao',
  hostOrgName: '卢沟桥街道总工会',
  name: '卢沟桥职工沟通会',
  place: '卢沟桥文化广场',
  location: { lat: 39.86, lng: 116.25 },
  startsAt: '2026-11-29T03:00:00.000Z',
  endsAt: '2026-11-29T07:00:00.000Z',
  services: [
    { key: 'haircut', name: '理发', capacity: 10 },
    { key: 'legal', name: '法律咨询' },
  ],
  staffIds: [],
  status: 'open',
  joinCodeIds: ['jc-1'],
  createdAt: '2026-11-20T03:00:00.000Z',
  updatedAt: '2026-11-20T03:00:00.000Z',
};
const figures = {
  eventId: 'ev-1',
  services: [
    { key: 'haircut', name: '理发', capacity: 10, registered: 8, waitlisted: 0, leased: 2, tallied: 0 },
    { key: 'legal', name: '法律咨询', registered: 0, waitlisted: 0, leased: 0, tallied: 4 },
  ],
  tallies: { consult: 0, leaflet: 3, aidCard: 0 },
  checkins: 0,
  joins: { total: 5, byHour: [], byOccupation: [] },
  // this phone holds the last two places of 理发
  leases: [{ service: 'haircut', places: 2, used: 0, expiresAt: '2026-11-29T08:00:00.000Z' }],
  updatedAt: '2026-11-29T04:00:00.000Z',
};

/** The API as stall mode uses it; `answer` decides each synced action's outcome; `online` cuts every request. */
function stallApi(answer: (action: StallActionInput, index: number) => Partial<StallResult> = () => ({})) {
  const net = { online: true };
  let synced = 0;
  const api = fakeApi({
    'GET /staff/events/ev-1': [200, event],
    'GET /staff/events/ev-1/figures': [200, figures],
    'GET /member-card/public-key': [200, { keys: keys.publicKeys }],
    'GET /staff/join-codes': [200, { codes: [] }],
    'POST /staff/stall/sync': (body: { actions: StallActionInput[] }) => [
      200,
      {
        results: body.actions.map((a) => ({ key: a.key, outcome: 'done', message: '已记录', ...answer(a, synced++) })),
      },
    ],
  });
  const respond = taroFake.respond;
  taroFake.respond = (req) => (net.online ? respond(req) : new Error('request:fail'));
  const goOffline = () => {
    net.online = false;
    act(() => taroFake.setNetwork(false));
  };
  const goOnline = () => {
    net.online = true;
    act(() => taroFake.setNetwork(true));
  };
  const syncedActions = () => (api.sent('POST /staff/stall/sync') as { actions: StallActionInput[] }[]).flatMap((b) => b.actions);
  return { ...api, goOffline, goOnline, syncedActions };
}

const scan = (text: string) => {
  fireEvent.change(screen.getByPlaceholderText('输入二维码'), { target: { value: text } });
  fireEvent.click(screen.getByText('确定'));
};
const lines = () => Array.from(document.querySelectorAll('.stall__line')).map((l) => l.querySelector('.stall__state')!.textContent);

it('registers three workers offline on a lease of two: two 已报名, one 候补, then shows the server’s answers once synced', async () => {
  const api = stallApi((action) =>
    action.kind === 'register' && action.waitlisted ? { outcome: 'waitlisted', message: '已满，已候补' } : {},
  );
  render(<StallScreen eventId="ev-1" />);
  await screen.findByText('卢沟桥职工沟通会');
  await waitFor(() => expect(api.sent('GET /member-card/public-key')).toHaveLength(1));
  fireEvent.click(screen.getByText('理发（本机余 2）'));

  api.goOffline();
  await screen.findByText('扫码报名、签到和计数照常记录在本机，联网后自动同步');
  scan(keys.card('110106000001'));
  scan(keys.card('110106000002'));
  scan(keys.card('110106000003'));

  // newest first
  expect(lines()).toEqual(['候补（待同步）', '已报名（待同步）', '已报名（待同步）']);
  expect(screen.getByText('待同步 3 条')).toBeTruthy();
  expect(screen.getByText('理发 · 会员 ****0003')).toBeTruthy();
  expect(screen.getByText('理发（本机余 0）')).toBeTruthy();
  expect(api.syncedActions()).toEqual([]);

  api.goOnline();

  await waitFor(() => expect(lines()).toEqual(['候补', '已完成', '已完成']));
  expect(screen.getByText('全部已同步')).toBeTruthy();
  const sent = api.syncedActions();
  expect(sent.map((a) => a.kind === 'register' && a.waitlisted)).toEqual([false, false, true]);
  expect(new Set(sent.map((a) => a.key)).size).toBe(3);
  expect((api.sent('POST /staff/stall/sync')[0] as { deviceId: string }).deviceId).toMatch(/^dev-/);
});

it('refuses a forged card and an expired one on the spot, beside the button, and queues nothing', async () => {
  const api = stallApi();
  render(<StallScreen eventId="ev-1" />);
  await screen.findByText('卢沟桥职工沟通会');
  await waitFor(() => expect(api.sent('GET /member-card/public-key')).toHaveLength(1));
  fireEvent.click(screen.getByText('法律咨询'));

  scan(testKeys().card('110106000001'));
  expect(screen.getByText('二维码签名不符，不能使用（可能是伪造或被改动的）')).toBeTruthy();
  scan(keys.card('110106000001', -300));
  expect(screen.getByText('二维码已过期，请职工重新打开会员卡或入场票')).toBeTruthy();

  expect(lines()).toEqual([]);
  expect(api.syncedActions()).toEqual([]);
});

it('counts +1 on a tally and 撤销 takes it back with a −1', async () => {
  const api = stallApi();
  render(<StallScreen eventId="ev-1" />);
  await screen.findByText('卢沟桥职工沟通会');
  const plusLeaflet = () => screen.getByRole('button', { name: '宣传册 +1' });
  const leaflets = () => plusLeaflet().parentElement!.querySelector('.stall__tally-count')!.textContent;
  expect(leaflets()).toBe('3');

  fireEvent.click(plusLeaflet());
  expect(leaflets()).toBe('4');
  const bar = document.querySelector('.undo-bar') as HTMLElement;
  expect(within(bar).getByText('宣传册 +1')).toBeTruthy();
  fireEvent.click(within(bar).getByText('撤销'));

  await waitFor(() => expect(api.syncedActions().map((a) => a.kind === 'tally' && a.count)).toEqual([1, -1]));
  expect(api.syncedActions().every((a) => a.kind === 'tally' && a.target === 'leaflet')).toBe(true);
  expect(document.querySelector('.undo-bar')).toBeNull();
  expect(leaflets()).toBe('3');
});

it('checks a ticket in and shows who checked it in first when another phone did', async () => {
  stallApi(() => ({ outcome: 'already', message: '已签到过', firstBy: '李*', firstAt: '2026-11-29T04:10:00.000Z' }));
  render(<StallScreen eventId="ev-1" />);
  await screen.findByText('卢沟桥职工沟通会');

  await waitFor(() => expect(screen.queryByText('本机还没有核验密钥：请联网打开一次摊位模式')).toBeNull());
  scan(keys.ticket('ac-clinic', 'u-0042'));

  await screen.findByText('已处理过');
  expect(screen.getByText('李* 于 11月29日 周日 12:10 已处理', { exact: false })).toBeTruthy();
});

it('shows the event’s join QR full screen offline, fetched while online', async () => {
  const api = stallApi();
  const respond = taroFake.respond;
  taroFake.respond = (req) =>
    req.url.includes('/staff/join-codes')
      ? {
          statusCode: 200,
          data: {
            codes: [
              { id: 'jc-1', token: 'tok-1', revoked: false },
              { id: 'jc-9', token: 'tok-9', revoked: false },
            ],
          },
        }
      : req.url.includes('/join/tok-1/qr')
        ? { statusCode: 200, data: { url: 'https://union.example/j/tok-1', dataUrl: 'data:image/png;base64,QR1' } }
        : respond(req);
  render(<StallScreen eventId="ev-1" />);
  await screen.findByText('卢沟桥职工沟通会');
  await waitFor(() => expect(api.urls('GET /join/tok-1/qr')).toHaveLength(1));

  api.goOffline();
  fireEvent.click(screen.getByText('入会二维码'));

  expect(screen.getByText('微信扫一扫 加入工会')).toBeTruthy();
  expect(document.querySelector('.stall__qr img')!.getAttribute('src')).toBe('data:image/png;base64,QR1');
  fireEvent.click(screen.getByText('关闭'));
  expect(document.querySelector('.stall__qr')).toBeNull();
});

it('says how to make a join code when the event has none', async () => {
  const api = stallApi();
  const respond = taroFake.respond;
  taroFake.respond = (req) =>
    new URL(req.url).pathname === '/staff/events/ev-1' ? { statusCode: 200, data: { ...event, joinCodeIds: [] } } : respond(req);
  render(<StallScreen eventId="ev-1" />);
  await screen.findByText('卢沟桥职工沟通会');

  fireEvent.click(screen.getByText('入会二维码'));

  expect(screen.getByText('本场沟通会还没有入会码')).toBeTruthy();
  fireEvent.click(screen.getByText('去生成入会码'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/staff/pages/join-codes/index' }]);
  expect(api.urls('GET /staff/join-codes')).toEqual([]);
});

it('结束摊位 sends what is left and gives the unused places back', async () => {
  const api = stallApi();
  const respond = taroFake.respond;
  taroFake.respond = (req) => (req.url.endsWith('/staff/stall/lease/return') ? { statusCode: 200, data: { returned: 1 } } : respond(req));
  render(<StallScreen eventId="ev-1" />);
  await screen.findByText('卢沟桥职工沟通会');
  await waitFor(() => expect(api.sent('GET /member-card/public-key')).toHaveLength(1));
  fireEvent.click(screen.getByText('理发（本机余 2）'));
  api.goOffline();
  scan(keys.card('110106000001'));
  api.goOnline();

  const steps: string[] = [];
  const fake = Taro as unknown as { navigateBack?: () => Promise<unknown>; showModal: (o: { title?: string }) => Promise<unknown> };
  const showModal = fake.showModal;
  fake.showModal = (o) => (steps.push(`modal ${o.title}`), showModal(o));
  fake.navigateBack = async () => (steps.push('back'), { errMsg: 'navigateBack:ok' });
  try {
    fireEvent.click(screen.getByText('结束摊位'));

    // said on this page, then back: an H5 toast shown before going back vanished with the page
    await waitFor(() => expect(steps).toEqual(['modal 已结束摊位', 'back']));
  } finally {
    fake.showModal = showModal;
    delete fake.navigateBack;
  }
  expect(taroFake.modals[0]).toMatchObject({ content: '记录已全部同步，本机未用完的名额已归还' });
  expect(api.syncedActions().map((a) => a.kind)).toEqual(['register']);
  expect(api.sent('POST /staff/stall/lease/return')).toEqual([
    { eventId: 'ev-1', deviceId: expect.stringMatching(/^dev-/), service: 'haircut' },
  ]);
});

it('holds places of every service with a capacity when it opens online: five, or what is left', async () => {
  const api = stallApi();
  const respond = taroFake.respond;
  taroFake.respond = (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/staff/events/ev-1/figures') {
      const services = figures.services.map((s) => (s.key === 'haircut' ? { ...s, leased: 0 } : s));
      return { statusCode: 200, data: { ...figures, services, leases: [] } };
    }
    if (path === '/staff/stall/lease') {
      const { places, service } = req.data as { places: number; service: string };
      return { statusCode: 200, data: { service, places, used: 0, expiresAt: '2026-11-29T08:00:00.000Z' } };
    }
    return respond(req);
  };
  render(<StallScreen eventId="ev-1" />);

  await screen.findByText('理发（本机余 2）');
  // 10 places, 8 registered, none held: this phone asked for the 2 left
  expect(api.sent('POST /staff/stall/lease')).toEqual([
    { eventId: 'ev-1', deviceId: expect.stringMatching(/^dev-/), service: 'haircut', places: 2 },
  ]);
});

it('结束摊位 while records wait for the network: says why in a dialog, and above the buttons, and stays', async () => {
  const api = stallApi();
  render(<StallScreen eventId="ev-1" />);
  await screen.findByText('卢沟桥职工沟通会');
  await waitFor(() => expect(api.sent('GET /member-card/public-key')).toHaveLength(1));
  api.goOffline();
  fireEvent.click(screen.getByRole('button', { name: '咨询 +1' }));

  fireEvent.click(screen.getByText('结束摊位'));

  const why = '还有未同步的记录：联网后再结束摊位（记录已保存在本机，不会丢失）';
  await waitFor(() => expect(taroFake.modals).toEqual([expect.objectContaining({ title: '还不能结束摊位', content: why })]));
  // the line sits above 入会二维码 / 结束摊位, away from the dock fixed at the bottom
  const line = screen.getByText(why);
  const row = document.querySelector('.stall__row')!;
  expect(line.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  expect(screen.getByText('结束摊位')).toBeTruthy();
  expect(api.sent('POST /staff/stall/lease/return')).toEqual([]);
});

it('counts this phone’s check-ins and registrations waiting for the network in the top figures, as the tallies do', async () => {
  const api = stallApi();
  render(<StallScreen eventId="ev-1" />);
  await screen.findByText('卢沟桥职工沟通会');
  await waitFor(() => expect(api.sent('GET /member-card/public-key')).toHaveLength(1));
  const figure = (label: string) =>
    Array.from(document.querySelectorAll('.stall__figure'))
      .find((f) => f.querySelector('.stall__figure-label')!.textContent === label)!
      .querySelector('.stall__figure-value')!.textContent;
  expect([figure('签到'), figure('报名')]).toEqual(['0', '8']);
  fireEvent.click(screen.getByText('理发（本机余 2）'));

  api.goOffline();
  scan(keys.card('110106000001'));
  scan(keys.card('110106000002'));
  // no place left on this phone: 候补, not 报名
  scan(keys.card('110106000003'));
  scan(keys.ticket('ac-clinic', 'u-0042'));

  expect(lines()).toEqual(['已签到（待同步）', '候补（待同步）', '已报名（待同步）', '已报名（待同步）']);
  expect([figure('签到'), figure('报名')]).toEqual(['1', '10']);
});
