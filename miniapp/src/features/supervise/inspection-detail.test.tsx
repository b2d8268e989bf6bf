import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { InspectionDetail } from './inspection-detail';
import { InspectionHistory } from './inspection-history';

const previews: { urls: string[]; current?: string }[] = [];
jest.mock('@tarojs/taro', () => {
  const fake = jest.requireActual('@tarojs/taro');
  return {
    __esModule: true,
    ...fake,
    default: { ...fake.default, previewImage: async (o: { urls: string[]; current?: string }) => void previews.push(o) },
  };
});

const photo = (id: string) => ({ id, thumbUrl: `https://s/${id}-thumb`, url: `https://s/${id}` });
const inspection = {
  id: 'in-1',
  stationId: 'st-1',
  stationName: '卢沟桥便利店工会驿站3号',
  orgId: 'fengtai-lugouqiao',
  supervisorName: '王*傅',
  submittedAt: '2026-11-30T02:15:00.000Z',
  distanceMeters: 35,
  score: 83,
  failed: 2,
  items: [
    { item: 'site', result: 'pass', photos: [] },
    {
      item: 'sign',
      result: 'fail',
      note: '门口标识牌脱落',
      photos: [photo('p1'), photo('p2')],
      taskId: 'rp-1',
      task: {
        status: 'resolved',
        resolvedAt: '2026-12-01T06:00:00.000Z',
        resolutionNote: '已重新安装标识牌',
        photos: [photo('fix1')],
      },
    },
    { item: 'microwave-works', result: 'fail', note: '不加热', photos: [], taskId: 'rp-2', task: { status: 'open', photos: [] } },
    { item: 'water-hot', result: 'na', photos: [] },
  ],
};

beforeEach(() => (previews.length = 0));

it('shows the score, every item as judged, and each failed item’s task: 待整改 or 已整改 with what was done', async () => {
  fakeApi({ 'GET /inspections/in-1': [200, inspection] });
  const { container } = render(<InspectionDetail inspectionId="in-1" />);
  await screen.findByText('卢沟桥便利店工会驿站3号');
  expect(container.querySelector('.page-header__sub')?.textContent).toBe('11月30日 周一 10:15 · 王*傅 检查');
  expect(container.querySelector('.inspection-score__value')?.textContent).toBe('83');
  expect(screen.getByText(/2 项不合格，1 项待整改/)).toBeTruthy();
  const rows = Array.from(container.querySelectorAll('.inspection-item'), (row) => [
    row.querySelector('.inspection-item__label')?.textContent,
    row.querySelector('.result')?.textContent,
    row.querySelector('.task__status')?.textContent ?? null,
  ]);
  expect(rows).toEqual([
    ['有场地', '合格', null],
    ['有标识', '不合格', '已整改 · 12月1日 周二 14:00'],
    ['微波炉能用', '不合格', '待整改'],
    ['有热水', '不适用', null],
  ]);
  const sign = container.querySelector('[data-item="sign"]') as HTMLElement;
  expect(within(sign).getByText('已重新安装标识牌')).toBeTruthy();

  // a tap opens the full photos of that row
  fireEvent.click(sign.querySelectorAll('img')[1]!);
  fireEvent.click(sign.querySelector('.task img')!);
  expect(previews).toEqual([
    { urls: ['https://s/p1', 'https://s/p2'], current: 'https://s/p2' },
    { urls: ['https://s/fix1'], current: 'https://s/fix1' },
  ]);
});

it('a station’s record lists its inspections newest first, each one tap from its detail', async () => {
  fakeApi({
    'GET /stations/st-1/inspections': [
      200,
      {
        inspections: [inspection, { ...inspection, id: 'in-0', score: 100, failed: 0, items: [], submittedAt: '2026-09-01T02:00:00.000Z' }],
      },
    ],
  });
  const { container } = render(<InspectionHistory stationId="st-1" />);
  await screen.findByText('83 分');
  const rows = Array.from(container.querySelectorAll('.inspection-row'), (row) => row.textContent);
  expect(rows[0]).toContain('2 项不合格 · 1 项待整改');
  expect(rows[1]).toContain('全部合格');
  fireEvent.click(container.querySelector('[data-inspection="in-0"]')!);
  expect(taroFake.navigations.map((n) => n.url)).toEqual(['/supervise/pages/inspection/index?id=in-0']);
});

it('a station never inspected says so, under the red header with the station’s name, with 检查驿站', async () => {
  fakeApi({ 'GET /stations/st-1/inspections': [200, { inspections: [] }] });
  const { container } = render(<InspectionHistory stationId="st-1" stationName="卢沟桥驿站" />);
  expect(await screen.findByText('还没有检查记录')).toBeTruthy();
  expect(container.querySelector('.page-header__title')?.textContent).toBe('卢沟桥驿站');
  expect(container.querySelector('.page-header__sub')?.textContent).toBe('检查记录（最新在前）');
  fireEvent.click(screen.getByText('检查驿站'));
  expect(taroFake.navigations.map((n) => n.url)).toEqual(['/supervise/pages/inspect/index?id=st-1']);
});
