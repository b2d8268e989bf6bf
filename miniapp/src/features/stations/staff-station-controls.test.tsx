import { fireEvent, render, screen } from '@testing-library/react';
import type { Station } from '@shared/schemas/station';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { StaffStationControls } from './staff-station-controls';

const station = {
  id: 'st-1',
  name: '卢沟桥驿站',
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
} as unknown as Station;

it('the staff card leads to the station’s door poster, supervisors and visits, the name carried along for the header', () => {
  fakeApi({});
  render(<StaffStationControls station={station} onChanged={() => undefined} />);
  for (const label of ['打印门口二维码', '义务监督员', '到访统计']) fireEvent.click(screen.getByText(label));
  const name = encodeURIComponent('卢沟桥驿站');
  expect(taroFake.navigations.map((n) => n.url)).toEqual([
    `/staff/pages/door-poster/index?id=st-1&name=${name}`,
    `/staff/pages/station-supervisors/index?id=st-1&name=${name}`,
    `/staff/pages/station-visits/index?id=st-1&name=${name}`,
  ]);
});
