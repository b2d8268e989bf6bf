import { render, screen, within } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
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

function serve(s: object = station) {
  return fakeApi({
    'GET /stations/st-1': [200, { station: s, openState: 'open', orgName: '卢沟桥街道总工会', gallery: [] }],
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
        station,
        openState: 'open',
        orgName: '卢沟桥街道总工会',
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
