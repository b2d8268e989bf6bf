import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { StationDetail } from './station-detail';

// the phone's position, when the detail is opened without a distance (e.g. from a shared link)
let mockPosition: { latitude?: number; longitude?: number; errMsg: string } = { errMsg: 'getLocation:fail auth deny' };
jest.mock('@tarojs/taro', () => {
  const fake = jest.requireActual('@tarojs/taro');
  return { __esModule: true, ...fake, default: { ...fake.default, getLocation: async () => mockPosition } };
});

const session = {
  token: 't',
  expiresAt: '2030-01-01T00:00:00.000Z',
  me: { id: 'u1', role: 'worker', displayName: '王师傅', actingOrgId: null },
} as const;
const closed = [[], [], [], [], [], [], []];
const station = {
  id: 'st-1',
  externalId: 'demo-1',
  name: '卢沟桥便利店工会驿站3号',
  address: '北京市丰台区卢沟桥街道京周南路188号便利店（靠近地铁站B口，进门左手边第二间）',
  orgId: 'fengtai-lugouqiao',
  kind: 'union-station',
  location: { lat: 39.8605, lng: 116.2541 },
  amenities: ['hot-water', 'microwave', 'charging'],
  hours: { allDay: false, weekly: closed.map(() => [{ open: '08:00', close: '18:00' }]) },
  managerPhone: '010-63456789',
  photos: [],
  honours: [],
  status: 'open',
  demo: true,
  updatedAt: '2026-11-01T00:00:00.000Z',
};

const quiet = { todayVisits: 0, reports: [] };
const verified = { lastInspectedAt: '2026-11-02T02:00:00.000Z', lastScore: 92, unverified: false };
const detail = (s: object = station) => ({
  station: s,
  openState: 'open',
  orgName: '卢沟桥街道总工会',
  gallery: [],
  live: quiet,
  verification: verified,
  supervising: false,
});

function serve(s: object = station) {
  return fakeApi({
    'GET /stations/st-1': [200, detail(s)],
    'GET /stations/st-1/posts': [200, { posts: [] }],
  });
}

/** only Date is fixed: promises and Testing Library's timers run as usual */
function at(iso: string) {
  jest.useFakeTimers({
    now: new Date(iso),
    doNotFake: [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'setImmediate',
      'clearImmediate',
      'nextTick',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'performance',
      'hrtime',
      'requestIdleCallback',
      'cancelIdleCallback',
    ],
  });
}
afterEach(() => jest.useRealTimers());

it('shows the whole address, the distance the list passed along, and today’s hours in Beijing words', async () => {
  at('2026-11-29T23:30:00Z'); // Monday 07:30 in Beijing (still Sunday in UTC)
  serve();
  const { container } = render(<StationDetail id="st-1" distance={1234} session={session} />);
  const address = await screen.findByText(station.address);
  expect(address.className).toBe('station-facts__address');
  expect(container.querySelector('.station-facts__distance')?.textContent).toBe('距您 1.2 公里');
  expect(container.querySelector('.station-facts__hours')?.textContent).toBe('今天 08:00 开门');
  // the badge reads the same clock as the words: not yet open at 07:30, so not 已打烊 (closed for the day)
  expect(container.querySelector('.station-facts .open-badge')?.textContent).toBe('未开门');
});

it('says 已打烊 only after the day’s last closing', async () => {
  at('2026-11-30T10:30:00Z'); // Monday 18:30 in Beijing
  serve();
  const { container } = render(<StationDetail id="st-1" distance={1234} session={session} />);
  await screen.findByText(station.address);
  expect(container.querySelector('.station-facts .open-badge')?.textContent).toBe('已打烊');
  expect(container.querySelector('.station-facts__hours')?.textContent).toBe('今天已关门，明天 08:00 开门');
});

it('says when it closes while open, and 24 小时开放 for an all-day station', async () => {
  at('2026-11-30T04:31:00Z'); // 12:31 Beijing
  serve();
  const first = render(<StationDetail id="st-1" distance={350} session={session} />);
  await screen.findByText(station.address);
  expect(first.container.querySelector('.station-facts__hours')?.textContent).toBe('今天 18:00 关门');
  expect(first.container.querySelector('.station-facts .open-badge')?.textContent).toBe('营业中');
  first.unmount();

  serve({ ...station, hours: { allDay: true, weekly: closed } });
  const { container } = render(<StationDetail id="st-1" distance={350} session={session} />);
  await screen.findByText(station.address);
  expect(container.querySelector('.station-facts__hours')?.textContent).toBe('24 小时开放');
  expect(container.querySelector('.station-facts__distance')?.textContent).toBe('距您 350 米');
});

it('labels every amenity in words, with its picture beside it', async () => {
  serve();
  const { container } = render(<StationDetail id="st-1" distance={350} session={session} />);
  await screen.findByText(station.address);
  const labels = Array.from(container.querySelectorAll('.amenities--large [data-amenity]')).map((el) => [
    el.getAttribute('data-amenity'),
    el.querySelector('.amenity__label')?.textContent,
  ]);
  expect(labels).toEqual([
    ['hot-water', '热水饮水'],
    ['microwave', '微波炉热饭'],
    ['charging', '手机充电'],
  ]);
});

it('measures the distance from the phone when none was passed (a browser’s WGS-84 converted first)', async () => {
  // WGS-84 for the GCJ-02 point 39.8605,116.2541, i.e. standing at the station
  mockPosition = { latitude: 39.859287, longitude: 116.248076, errMsg: 'getLocation:ok' };
  serve();
  const { container } = render(<StationDetail id="st-1" session={session} />);
  await screen.findByText(station.address);
  const distance = await within(container).findByText(/^距您/);
  expect(distance.textContent).toMatch(/^距您 \d+ 米$/);
  expect(Number(/(\d+) 米/.exec(distance.textContent!)![1])).toBeLessThan(100);
});

it('shows no distance when location is refused and none was passed', async () => {
  mockPosition = { errMsg: 'getLocation:fail auth deny' };
  serve();
  const { container } = render(<StationDetail id="st-1" session={session} />);
  await screen.findByText(station.address);
  await new Promise((r) => setTimeout(r, 20));
  expect(container.querySelector('.station-facts__distance')).toBeNull();
});

it('says 暂无登记的设施 for a station with none, rather than an empty 有什么', async () => {
  serve({ ...station, amenities: [] });
  render(<StationDetail id="st-1" distance={1234} session={session} />);
  const heading = await screen.findByText('有什么');
  expect(within(heading.parentElement!).getByText('暂无登记的设施')).toBeTruthy();
});

it('the photo strip shows only photos others see (a staff answer also lists held or refused ones, for the editor)', async () => {
  fakeApi({
    'GET /stations/st-1': [
      200,
      {
        ...detail(),
        gallery: [
          { id: 'p1', thumbUrl: 'https://s/p1-thumb', url: 'https://s/p1' },
          { id: 'p2', thumbUrl: 'https://s/p2-thumb', url: 'https://s/p2', contentCheck: 'pending', notice: '正在进行内容安全检查' },
          { id: 'p3', thumbUrl: 'https://s/p3-thumb', url: 'https://s/p3', contentCheck: 'refused', notice: '未通过内容安全检查' },
        ],
      },
    ],
    'GET /stations/st-1/posts': [200, { posts: [] }],
  });
  const { container } = render(<StationDetail id="st-1" session={session} />);
  await screen.findByText(station.address);
  expect(Array.from(container.querySelectorAll('.photo'), (img) => img.getAttribute('src'))).toEqual(['https://s/p1-thumb']);
});

describe('the station network (issue 14)', () => {
  const door = 'AbCdEfGh_jK-mnop';
  const closedReport = { status: 'closed', people: 2, withinMinutes: 30, latestAt: '2026-11-30T04:00:00.000Z' };

  function serveWith(extra: Record<string, unknown>, routes: Parameters<typeof fakeApi>[0] = {}) {
    return fakeApi({
      'GET /stations/st-1': [200, { ...detail(), ...extra }],
      'GET /stations/st-1/posts': [200, { posts: [] }],
      ...routes,
    });
  }
  const liveCard = (container: HTMLElement) => container.querySelector('.live-card') as HTMLElement;

  it('opened from the door’s QR: records the visit once, says so in a toast, and counts it in 今天 N 人次', async () => {
    const api = serveWith(
      { live: { todayVisits: 11, reports: [] } },
      { 'POST /stations/st-1/visits': [200, { counted: true, todayVisits: 12 }] },
    );
    const { container, rerender } = render(<StationDetail id="st-1" door={door} session={session} />);
    await screen.findByText(station.address);
    await screen.findByText('今天 12 人次');
    rerender(<StationDetail id="st-1" door={door} session={session} />);
    await new Promise((r) => setTimeout(r, 20));

    expect(api.sent('POST /stations/st-1/visits')).toEqual([{ door }]);
    expect(taroFake.toasts.map((t) => t.title)).toEqual(['已记录到访']);
    expect(liveCard(container).querySelector('.live-card__visits')?.textContent).toBe('今天 12 人次');
    expect(container.querySelector('.door-notice')).toBeNull();
  });

  it('a second scan within two hours is told so; opened from the list nothing is recorded', async () => {
    const api = serveWith({}, { 'POST /stations/st-1/visits': [200, { counted: false, todayVisits: 12 }] });
    const first = render(<StationDetail id="st-1" door={door} session={session} />);
    await screen.findByText(station.address);
    await new Promise((r) => setTimeout(r, 20));
    expect(taroFake.toasts.map((t) => t.title)).toEqual(['两小时内已记录过']);
    first.unmount();

    render(<StationDetail id="st-1" distance={300} session={session} />);
    await screen.findByText(station.address);
    await new Promise((r) => setTimeout(r, 20));
    expect(api.sent('POST /stations/st-1/visits')).toHaveLength(1);
  });

  it('a door token the server refuses: a gentle notice, and the station shows as usual', async () => {
    serveWith(
      {},
      {
        'POST /stations/st-1/visits': [
          400,
          { code: 'bad_request', message: '提交的内容有误', fieldErrors: { door: ['这个驿站二维码无效，请扫描门口张贴的二维码'] } },
        ],
      },
    );
    const { container } = render(<StationDetail id="st-1" door="not-a-real-door" session={session} />);
    await screen.findByText(station.address);
    const notice = await within(container).findByText(/没有记录这次到访/);
    expect(notice.textContent).toBe('没有记录这次到访：这个驿站二维码无效，请扫描门口张贴的二维码');
    expect(screen.getByText('驿站信息照常可以查看。')).toBeTruthy();
    expect(screen.queryByText('重新记录到访')).toBeNull();
    expect(taroFake.toasts).toEqual([]);
    expect(liveCard(container)).not.toBeNull();
  });

  it('现在情况: today’s visits and standing reports; a tap sends the status once and shows the answer', async () => {
    const api = serveWith(
      { live: { todayVisits: 5, reports: [closedReport] } },
      {
        'POST /stations/st-1/live': [
          201,
          {
            todayVisits: 5,
            reports: [{ status: 'ok', people: 1, withinMinutes: 0, latestAt: '2026-11-30T04:31:00.000Z' }],
          },
        ],
      },
    );
    const { container } = render(<StationDetail id="st-1" distance={100} session={session} />);
    await screen.findByText(station.address);
    const card = liveCard(container);
    expect(card.querySelector('.live-card__visits')?.textContent).toBe('今天 5 人次');
    const report = card.querySelector('.live-report')!;
    expect(report.textContent).toBe('2 人 30 分钟内反映：门关着');
    expect(report.className).toContain('live-report--problem');
    expect(Array.from(card.querySelectorAll('.live-tap'), (b) => b.textContent)).toEqual(['门关着', '没热水', '设备坏了', '一切正常']);

    fireEvent.click(within(card).getByText('一切正常'));
    await within(card).findByText('1 人刚刚反映：一切正常');
    const sent = api.sent('POST /stations/st-1/live') as { status: string; clientRequestId: string }[];
    expect(sent).toHaveLength(1);
    expect(sent[0]!.status).toBe('ok');
    expect(sent[0]!.clientRequestId).toMatch(/^[A-Za-z0-9-]{8,64}$/);
    expect(card.querySelector('.live-report--problem')).toBeNull();
    expect(card.querySelector('.live-report--good')?.textContent).toBe('1 人刚刚反映：一切正常');
    expect(taroFake.toasts.map((t) => t.title)).toEqual(['谢谢反映']);

    // the next tap is a new report: a new request id
    fireEvent.click(within(card).getByText('没热水'));
    await waitFor(() => expect(taroFake.toasts).toHaveLength(2));
    const ids = (api.sent('POST /stations/st-1/live') as { clientRequestId: string }[]).map((b) => b.clientRequestId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('too many taps: the 429 is said in Chinese beside the buttons, and no thanks', async () => {
    serveWith({}, { 'POST /stations/st-1/live': [429, { code: 'rate_limited', message: '反映太频繁，请稍后再试', requestId: 'r' }] });
    const { container } = render(<StationDetail id="st-1" distance={100} session={session} />);
    await screen.findByText(station.address);
    const card = liveCard(container);
    expect(within(card).getByText('最近两小时没有人反映问题')).toBeTruthy();
    fireEvent.click(within(card).getByText('门关着'));
    const message = await within(card).findByText('反映太频繁，请稍后再试');
    expect(message.className).toContain('action-error');
    expect(message.previousElementSibling?.className).toBe('live-taps');
    expect(taroFake.toasts).toEqual([]);
  });

  it('a station nobody confirmed for 90 days is marked so near its name, with the last inspection', async () => {
    at('2026-11-30T04:31:00Z');
    serveWith({ verification: { lastInspectedAt: '2026-08-01T02:00:00.000Z', lastScore: 78, unverified: true } });
    const { container } = render(<StationDetail id="st-1" distance={100} session={session} />);
    await screen.findByText(station.address);
    const header = container.querySelector('.page-header')!;
    expect(header.querySelector('.verification__mark')?.textContent).toBe('90 天未核实');
    expect(header.querySelector('.verification__last')?.textContent).toBe('上次检查 8月1日 周六 · 78 分');
    expect(screen.queryByText('检查驿站')).toBeNull();
  });

  it('its volunteer supervisor is offered 检查驿站 and the record', async () => {
    serveWith({ supervising: true, verification: { unverified: true } });
    const { container } = render(<StationDetail id="st-1" distance={100} session={session} />);
    await screen.findByText(station.address);
    expect(container.querySelector('.verification__last')).toBeNull();
    fireEvent.click(screen.getByText('检查驿站'));
    fireEvent.click(screen.getByText('检查记录'));
    expect(taroFake.navigations.map((n) => n.url)).toEqual([
      '/supervise/pages/inspect/index?id=st-1',
      `/supervise/pages/inspections/index?id=st-1&name=${encodeURIComponent(station.name)}`,
    ]);
  });
});
