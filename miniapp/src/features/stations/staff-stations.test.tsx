import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { StaffStations } from './staff-stations';

const stationNamed = (n: number) => ({
  id: `st-${n}`,
  name: `测试驿站${n}号`,
  address: '卢沟桥南里 1 号',
  orgId: 'fengtai-lugouqiao',
  kind: 'union-station',
  location: { lat: 39.8605, lng: 116.2541 },
  amenities: [],
  hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
  photos: [],
  photoIds: [],
  honours: [],
  status: 'open',
  updatedAt: '2026-11-01T00:00:00.000Z',
});

it('reads the stations a page at a time and says 没有更多了 after the last one', async () => {
  const api = fakeApi({
    'GET /staff/stations': (_body, query) =>
      query.get('cursor') === 'c2' ? [200, { stations: [stationNamed(2)] }] : [200, { stations: [stationNamed(1)], nextCursor: 'c2' }],
  });
  render(<StaffStations />);

  await screen.findByText('测试驿站1号');
  expect(screen.queryByText('没有更多了')).toBeNull();
  fireEvent.click(screen.getByText('加载更多'));

  await screen.findByText('测试驿站2号');
  expect(screen.getByText('没有更多了')).toBeTruthy();
  expect(screen.queryByText('加载更多')).toBeNull();
  expect(api.urls('GET /staff/stations').map((u) => new URL(u).searchParams.get('cursor'))).toEqual([null, 'c2']);
});
