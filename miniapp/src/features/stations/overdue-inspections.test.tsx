import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { OverdueInspections } from './overdue-inspections';

const closedTwice = { stationId: 'st-9', name: '大红门驿站', orgId: 'fengtai', kind: 'warm-station', flagged: true };
// inspected at 00:30 on 1 July in Beijing, last quarter
const lastQuarter = {
  stationId: 'st-2',
  name: '卢沟桥驿站',
  orgId: 'fengtai-lugouqiao',
  kind: 'union-station',
  lastInspectedAt: '2026-06-30T16:30:00.000Z',
  lastScore: 83,
  flagged: false,
};
const never = { stationId: 'st-3', name: '宛平城驿站', orgId: 'fengtai-lugouqiao', kind: 'outdoor-worker-station', flagged: false };
const row = (id: string) => document.querySelector(`[data-overdue="${id}"]`)!.textContent;

it('lists the stations not inspected this quarter a page at a time: closed-twice marked, last inspection or 从未检查', async () => {
  const api = fakeApi({
    'GET /staff/inspections/overdue': (_body, query) =>
      query.get('cursor') === 'c2' ? [200, { stations: [never] }] : [200, { stations: [closedTwice, lastQuarter], nextCursor: 'c2' }],
  });
  render(<OverdueInspections />);
  await screen.findByText('大红门驿站');

  expect(row('st-9')).toContain('暖心驿站 · 从未检查');
  expect(row('st-9')).toContain('两人反映开放时间关门');
  expect(row('st-2')).toContain('工会驿站 · 上次检查 2026年7月1日，83 分');
  expect(row('st-2')).not.toContain('两人反映');

  fireEvent.click(screen.getByText('加载更多'));
  await screen.findByText('宛平城驿站');
  expect(row('st-3')).toContain('户外劳动者服务站点 · 从未检查');
  expect(screen.getByText('没有更多了')).toBeTruthy();
  expect(api.urls('GET /staff/inspections/overdue').map((u) => new URL(u).searchParams.get('cursor'))).toEqual([null, 'c2']);
});

it('a tap opens the station', async () => {
  fakeApi({ 'GET /staff/inspections/overdue': [200, { stations: [lastQuarter] }] });
  render(<OverdueInspections />);
  fireEvent.click(await screen.findByText('卢沟桥驿站'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/pages/station/index?id=st-2' }]);
});

it('says when every station was inspected this quarter, and a failure with 重试', async () => {
  let fail = true;
  fakeApi({
    'GET /staff/inspections/overdue': () =>
      fail ? [503, { code: 'internal', message: '服务暂时不可用，请稍后重试' }] : [200, { stations: [] }],
  });
  render(<OverdueInspections />);
  expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeTruthy();
  fail = false;
  fireEvent.click(screen.getByText('重试'));
  expect(await screen.findByText('本季度的驿站都已检查')).toBeTruthy();
});
