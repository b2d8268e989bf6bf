import { render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { scope } from '../../../test-support/outreach-data';
import { OrgReport } from './org-report';
import { resolveTimeText } from './network-figures';

const base = {
  orgId: 'fengtai',
  orgName: '丰台区总工会',
  unit: 'day',
  from: '2026-11-01',
  to: '2026-11-30',
  totals: {
    meetings: 0,
    meetingsByKind: [],
    joins: 0,
    joinsByOccupation: [],
    newEmploymentShare: 0,
    approved: 0,
    services: 0,
    servicesByType: [],
    leaflets: 0,
    consultations: 0,
    aidCards: 0,
    signups: 0,
    checkins: 0,
  },
  periods: [],
  stations: 48,
  generatedAt: '2026-11-30T08:00:00.000Z',
};
const network = {
  stationsByKind: { 'union-station': 30, 'warm-station': 0, 'outdoor-worker-station': 18, 'workers-home': 0, 'nursing-room': 0 },
  allDayStations: 6,
  visits: 18416,
  inspections: 41,
  overdue: 7,
  problemsOpened: 25,
  problemsResolved: 19,
  medianResolveHours: 72,
  candidates: [
    { stationId: 'st-1', name: '卢沟桥驿站1号', score: 100, visits: 920 },
    { stationId: 'st-2', name: '宛平城驿站', score: 93, visits: 1400 },
  ],
};
const figure = (label: string) => document.querySelector(`[data-figure="${label}"]`)?.textContent;

it('统计报表 shows the station network: kinds, 24 小时, visits, inspections, overdue, problems, median time and candidates', async () => {
  fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': [200, { ...base, network }] });
  render(<OrgReport actingOrgId="fengtai" />);
  await screen.findByText('驿站网络');

  expect(figure('24 小时驿站')).toBe('624 小时驿站');
  expect(figure('到访人次')).toBe('18416到访人次');
  expect(figure('检查次数')).toBe('41检查次数');
  expect(figure('本季度未检查')).toBe('7本季度未检查');
  expect(figure('问题新增')).toBe('25问题新增');
  expect(figure('问题已处理')).toBe('19问题已处理');
  expect(figure('处理时长中位数')).toBe('3 天内处理时长中位数');
  // words, not a number: a row of its own, never broken in a narrow cell
  expect(document.querySelector('[data-figure="处理时长中位数"]')!.className).toContain('figure-grid__cell--wide');
  expect(document.querySelector('[data-figure="问题已处理"]')!.className).not.toContain('figure-grid__cell--wide');
  // kinds with stations, most first; none of a kind is no bar
  expect(Array.from(document.querySelectorAll('[data-bar]')).map((b) => b.textContent)).toEqual(['工会驿站30', '户外劳动者服务站点18']);
  expect(Array.from(document.querySelectorAll('[data-candidate]')).map((c) => c.textContent)).toEqual([
    '1卢沟桥驿站1号100 分 · 920 人次',
    '2宛平城驿站93 分 · 1400 人次',
  ]);
  // 「驿站1 / 号」 never: the number stays with what it counts
  expect(document.querySelector('[data-candidate="st-1"] .candidate__name .keep-whole')?.textContent).toBe('1号');
});

it('without network figures (an older API) the report shows no such section; no candidates says so', async () => {
  fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': [200, base] });
  const { unmount } = render(<OrgReport actingOrgId="fengtai" />);
  await screen.findByText('服务（按项目）');
  expect(screen.queryByText('驿站网络')).toBeNull();
  unmount();

  fakeApi({
    'GET /staff/scope': [200, scope],
    'GET /staff/figures': [200, { ...base, network: { ...network, candidates: [], medianResolveHours: undefined } }],
  });
  render(<OrgReport actingOrgId="fengtai" />);
  await screen.findByText('驿站网络');
  expect(screen.getByText('还没有检查过的驿站')).toBeTruthy();
  expect(figure('处理时长中位数')).toBe('—处理时长中位数');
});

it('says the median time to resolve as the bucket it is in: within its upper bound, past a week 7 天以上', () => {
  expect([1, 4, 12, 24, 72, 168].map(resolveTimeText)).toEqual(['1 小时内', '4 小时内', '12 小时内', '1 天内', '3 天内', '7 天内']);
  // 720 is both le30d and gt30d: only "over a week" is true of it
  expect(resolveTimeText(720)).toBe('7 天以上');
  expect(resolveTimeText(undefined)).toBe('—');
});
