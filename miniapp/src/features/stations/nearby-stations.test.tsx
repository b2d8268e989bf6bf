import { act, fireEvent, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { NearbyStations } from './nearby-stations';

const mockTaro = { reachBottom: undefined as undefined | (() => void), opened: [] as string[] };
jest.mock('@tarojs/taro', () => {
  const fake = jest.requireActual('@tarojs/taro');
  return {
    __esModule: true,
    ...fake,
    useReachBottom: (callback: () => void) => void (mockTaro.reachBottom = callback),
    default: {
      ...fake.default,
      getLocation: async () => ({ latitude: 39.8593, longitude: 116.2481, errMsg: 'getLocation:ok' }),
      navigateTo: async ({ url }: { url: string }) => (mockTaro.opened.push(url), { errMsg: 'navigateTo:ok' }),
    },
  };
});

const station = (n: number) => ({
  id: `st-${n}`,
  name: `卢沟桥工会驿站${n}号`,
  address: `北京市丰台区卢沟桥街道丰台路${n}号`,
  kind: 'union-station',
  location: { lat: 39.86, lng: 116.25 },
  amenities: ['hot-water', 'charging'],
  distanceMeters: 100 * n,
  openState: 'all-day',
  honours: [],
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => station(from + i));

function serve() {
  return fakeApi({
    'GET /stations/nearby': (_body, query) =>
      query.get('cursor') === 'page-2'
        ? [200, { stations: range(21, 25), searchedRadiusMeters: 5000 }]
        : [200, { stations: range(1, 20), nextCursor: 'page-2', searchedRadiusMeters: 5000 }],
  });
}

const rows = (container: HTMLElement) => Array.from(container.querySelectorAll('.station-row__name')).map((e) => e.textContent);
const count = (container: HTMLElement) => container.querySelector('.results-head__count')?.textContent;

beforeEach(() => {
  mockTaro.reachBottom = undefined;
  mockTaro.opened.length = 0;
});

it('says what the count counts, and loads the next, farther stations at the bottom instead of stopping at 20', async () => {
  const api = serve();
  const { container } = render(<NearbyStations />);
  await screen.findByText('卢沟桥工会驿站20号');
  expect(rows(container)).toHaveLength(20);
  expect(count(container)).toBe('您附近 5 公里内的驿站，由近到远，已显示 20 个');
  expect(screen.getByText('加载更多驿站').tagName).toBe('BUTTON');

  act(() => mockTaro.reachBottom!());
  expect(container.querySelector('.list-end')?.textContent).toBe('正在加载更多驿站…');
  await screen.findByText('卢沟桥工会驿站25号');
  expect(rows(container)).toEqual(range(1, 25).map((s) => s.name));
  expect(count(container)).toBe('您附近 5 公里内共 25 个驿站');
  expect(container.querySelector('.list-end')?.textContent).toBe('5 公里内的驿站都在这里了');
  expect(screen.queryByText('加载更多驿站')).toBeNull();
  const urls = api.urls('GET /stations/nearby').map((u) => new URL(u).searchParams);
  expect(urls.map((q) => [q.get('limit'), q.get('cursor')])).toEqual([
    ['20', null],
    ['20', 'page-2'],
  ]);

  // at the end, reaching the bottom again asks for nothing
  act(() => mockTaro.reachBottom!());
  expect(api.urls('GET /stations/nearby')).toHaveLength(2);
});

it('a filtered count says so', async () => {
  fakeApi({ 'GET /stations/nearby': [200, { stations: range(1, 3), searchedRadiusMeters: 5000 }] });
  const { container } = render(<NearbyStations />);
  await screen.findByText('卢沟桥工会驿站3号');
  fireEvent.click(screen.getByText('热饭'));
  await screen.findByText('您附近 5 公里内共 3 个符合条件的驿站');
  expect(count(container)).toBe('您附近 5 公里内共 3 个符合条件的驿站');
});

it('rows show the whole address and named amenities, and open the detail with the distance', async () => {
  serve();
  const { container } = render(<NearbyStations />);
  await screen.findByText('卢沟桥工会驿站7号');
  const row = container.querySelector('[data-station="st-7"]')!;
  expect(row.querySelector('.station-row__address')?.textContent).toBe('北京市丰台区卢沟桥街道丰台路7号');
  expect(Array.from(row.querySelectorAll('.amenity__label')).map((e) => e.textContent)).toEqual(['热水饮水', '手机充电']);
  fireEvent.click(row);
  expect(mockTaro.opened).toEqual(['/pages/station/index?id=st-7&distance=700']);
});

it('a phone outside China is told so in words and offered a street, not 提交的内容有误', async () => {
  fakeApi({
    'GET /stations/nearby': [
      400,
      {
        code: 'bad_request',
        message: '提交的内容有误，请检查后重试',
        fieldErrors: { lat: ['纬度应在 3.8 到 53.6 之间（中国境内）'] },
        requestId: 'r',
      },
    ],
  });
  render(<NearbyStations />);
  await screen.findByText('您现在不在服务范围内');
  expect(screen.queryByText('提交的内容有误，请检查后重试')).toBeNull();
  fireEvent.click(screen.getByText('选择街道'));
  expect(await screen.findByText('卢沟桥街道')).not.toBeNull();
});

it('a row shows 今天 N 人次 and the most recent standing report, from the same answer (no call per row)', async () => {
  const api = fakeApi({
    'GET /stations/nearby': [
      200,
      {
        stations: [
          {
            ...station(1),
            live: {
              todayVisits: 23,
              reports: [
                { status: 'closed', people: 2, withinMinutes: 30, latestAt: '2026-11-30T04:00:00.000Z' },
                { status: 'no-hot-water', people: 1, withinMinutes: 90, latestAt: '2026-11-30T03:00:00.000Z' },
              ],
            },
          },
          { ...station(2), live: { todayVisits: 0, reports: [] } },
          station(3),
        ],
        searchedRadiusMeters: 5000,
      },
    ],
  });
  const { container } = render(<NearbyStations />);
  await screen.findByText('卢沟桥工会驿站3号');
  const line = container.querySelector('[data-station="st-1"] .live-line')!;
  expect(line.querySelector('.live-line__visits')?.textContent).toBe('今天 23 人次');
  const reports = line.querySelectorAll('.live-report');
  expect(Array.from(reports, (r) => r.textContent)).toEqual(['2 人 30 分钟内反映：门关着']);
  expect(reports[0]!.className).toContain('live-report--problem');
  // nothing to say, or nothing known: the row stays as compact as before
  expect(container.querySelector('[data-station="st-2"] .live-line')).toBeNull();
  expect(container.querySelector('[data-station="st-3"] .live-line')).toBeNull();
  expect(api.urls('GET /stations/nearby')).toHaveLength(1);
});
