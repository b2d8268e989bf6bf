import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { scope } from '../../../test-support/outreach-data';
import { beijingDate } from '@shared/beijing-time';
import { OrgReport } from './org-report';

const report = {
  orgId: 'fengtai',
  orgName: '丰台区总工会',
  unit: 'day',
  from: '2023-11-28',
  to: '2023-11-30',
  totals: {
    meetings: 69,
    meetingsByKind: [
      { key: 'worker', label: '职工沟通会', count: 55 },
      { key: 'enterprise', label: '企业沟通会', count: 14 },
      { key: 'citywide', label: '市级统一沟通会', count: 0 },
    ],
    joins: 1952,
    joinsByOccupation: [
      { key: 'courier', label: '快递员', count: 600 },
      { key: 'food-delivery', label: '外卖配送员', count: 1000 },
      { key: 'other', label: '其他', count: 352 },
    ],
    newEmploymentShare: 0.8197,
    approved: 1800,
    services: 3200,
    servicesByType: [
      { key: 'haircut', label: '理发', count: 1200 },
      { key: 'legal', label: '法律咨询', count: 2000 },
    ],
    leaflets: 1146,
    consultations: 1066,
    aidCards: 120,
    signups: 310,
    checkins: 280,
  },
  periods: [
    {
      period: '2023-11-28',
      meetings: 10,
      joins: 300,
      services: 500,
      leaflets: 100,
      consultations: 80,
      aidCards: 10,
      signups: 20,
      checkins: 18,
    },
    {
      period: '2023-11-29',
      meetings: 50,
      joins: 1500,
      services: 2400,
      leaflets: 900,
      consultations: 900,
      aidCards: 100,
      signups: 250,
      checkins: 230,
    },
    {
      period: '2023-11-30',
      meetings: 9,
      joins: 152,
      services: 300,
      leaflets: 146,
      consultations: 86,
      aidCards: 10,
      signups: 40,
      checkins: 32,
    },
  ],
  stations: 48,
  generatedAt: '2023-11-30T08:00:00.000Z',
};
const made = {
  xlsxUrl: 'http://127.0.0.1:4569/b/reports/x1/report.xlsx?X-Amz-Signature=1',
  csvUrl: 'http://127.0.0.1:4569/b/reports/x1/report.csv?X-Amz-Signature=1',
  filename: '丰台区总工会统计报表.xlsx',
  // the links last 10 minutes
  expiresAt: new Date(Date.now() + 600_000).toISOString(),
};

const env = process.env.TARO_ENV;
afterEach(() => void (process.env.TARO_ENV = env));
const figure = (label: string) => document.querySelector(`[data-figure="${label}"]`)?.textContent;
// as seen, left to right: the chart is laid out row-reverse (it opens at its latest end), so its DOM holds the latest first
const columns = () => {
  const chart = document.querySelector('.chart-columns')!;
  const inDom = Array.from(chart.querySelectorAll('[data-column]')).map((c) => c.textContent);
  return chart.classList.contains('chart-columns--latest') ? inDom.reverse() : inDom;
};

it('reads this month by day for the acting org by default, and shows the totals, the 新就业形态 share and the charts', async () => {
  const api = fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': [200, report] });
  render(<OrgReport actingOrgId="fengtai" />);
  await screen.findByText('沟通会（按类型）');

  const today = beijingDate(new Date());
  const asked = new URL(api.urls('GET /staff/figures')[0]!).searchParams;
  expect(Object.fromEntries(asked)).toEqual({ orgId: 'fengtai', unit: 'day', from: `${today.slice(0, 7)}-01`, to: today });
  expect(figure('沟通会')).toBe('69沟通会');
  expect(figure('入会申请')).toBe('1952入会申请新就业形态 82%');
  expect(figure('宣传册')).toBe('1146宣传册');
  expect(figure('咨询')).toBe('1066咨询');
  expect(figure('互助服务卡')).toBe('120互助服务卡');
  expect(figure('活动报名')).toBe('310活动报名');
  expect(figure('签到')).toBe('280签到');
  expect(figure('驿站（现有）')).toBe('48驿站（现有）');
  expect(document.querySelector('[data-bar="worker"]')!.textContent).toBe('职工沟通会55');
  expect(document.querySelector('[data-bar="food-delivery"]')!.textContent).toBe('外卖配送员1000');
  expect(screen.getByText('新就业形态劳动者占 82%')).toBeTruthy();
  // one column a day, joins first; another figure with a tap
  expect(columns()).toEqual(['30011/28', '150011/29', '15211/30']);
  // it opens at its latest end (today's column in view), not at the first day
  expect(document.querySelector('.chart-columns')!.classList.contains('chart-columns--latest')).toBe(true);
  expect(document.querySelector('[data-column]')!.textContent).toBe('15211/30');
  fireEvent.click(screen.getByText('互助服务卡', { selector: '.chip span' }));
  expect(columns()).toEqual(['1011/28', '10011/29', '1011/30']);
});

it('reads another org of the scope by month, and says beside the range when it is too long, without asking', async () => {
  const api = fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': [200, report] });
  render(<OrgReport actingOrgId="fengtai" />);
  await screen.findByText('沟通会（按类型）');

  fireEvent.change(document.querySelector('select[name="report-org"]')!, { target: { value: '1' } });
  fireEvent.click(screen.getByText('按月'));
  await waitFor(() => expect(api.urls('GET /staff/figures')).toHaveLength(3));
  const asked = new URL(api.urls('GET /staff/figures')[2]!).searchParams;
  expect(asked.get('orgId')).toBe('fengtai-lugouqiao');
  expect(asked.get('unit')).toBe('month');
  expect(asked.get('to')).toBe(beijingDate(new Date()).slice(0, 7));

  fireEvent.click(screen.getByText('按日'));
  fireEvent.change(document.querySelector('input[name="report-from"]')!, { target: { value: '2023-10-01' } });
  fireEvent.change(document.querySelector('input[name="report-to"]')!, { target: { value: '2023-11-30' } });
  expect(screen.getByText('按日最多查看 31 天，请缩短范围或改为按月')).toBeTruthy();
  const before = api.urls('GET /staff/figures').length;
  await act(async () => undefined);
  expect(api.urls('GET /staff/figures')).toHaveLength(before);
  expect(screen.queryByText('导出 Excel')).toBeNull();
});

it('H5: exports with progress on the button, saves the .xlsx and the .csv of one export under their names, and says so', async () => {
  let answer: (reply: [number, unknown]) => void = () => undefined;
  const api = fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': [200, report] });
  const routes = taroFake.respond;
  taroFake.respond = (req) =>
    new URL(req.url).pathname === '/staff/figures/export'
      ? new Promise((resolve) => (answer = ([statusCode, data]) => resolve({ statusCode, data })))
      : routes(req);
  const followed: { href: string; download: string }[] = [];
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    followed.push({ href: this.href, download: this.download });
  });
  render(<OrgReport actingOrgId="fengtai" />);
  fireEvent.click(await screen.findByText('导出 Excel'));
  expect(await screen.findByText('正在生成…')).toBeTruthy();
  await act(async () => answer([200, made]));
  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已导出', icon: 'success' })]));

  // the CSV of the same report comes from the same export: no second one is made
  fireEvent.click(screen.getByText('导出 CSV'));
  await waitFor(() => expect(followed).toHaveLength(2));
  expect(api.sent('POST /staff/figures/export')).toHaveLength(1);
  expect(followed).toEqual([
    { href: made.xlsxUrl, download: '丰台区总工会统计报表.xlsx' },
    { href: made.csvUrl, download: '丰台区总工会统计报表.csv' },
  ]);
  const sent = api.sent('POST /staff/figures/export');
  expect(sent[0]).toEqual({ orgId: 'fengtai', unit: 'day', from: expect.stringMatching(/-01$/), to: beijingDate(new Date()) });
  click.mockRestore();
});

it('weapp: downloads the .xlsx and opens it in WeChat’s document viewer', async () => {
  process.env.TARO_ENV = 'weapp';
  fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': [200, report], 'POST /staff/figures/export': [200, made] });
  render(<OrgReport actingOrgId="fengtai" />);
  fireEvent.click(await screen.findByText('导出 Excel'));
  await waitFor(() => expect(taroFake.documents).toEqual([{ filePath: 'wxfile://tmp/report.xlsx', fileType: 'xlsx', showMenu: true }]));
  expect(taroFake.downloads).toEqual([made.xlsxUrl]);
  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已导出' })]));
});

it('a month by day opens with its latest days in view and says the older ones are a swipe away', async () => {
  const periods = Array.from({ length: 30 }, (_, i) => ({
    ...report.periods[0]!,
    period: `2023-11-${String(i + 1).padStart(2, '0')}`,
    joins: i === 29 ? 5 : 0,
  }));
  fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': [200, { ...report, from: '2023-11-01', periods }] });
  render(<OrgReport actingOrgId="fengtai" />);
  await screen.findByText('沟通会（按类型）');
  expect(document.querySelector('.chart-columns--latest [data-column]')!.textContent).toBe('511/30');
  expect(columns()[0]).toBe('011/1');
  // a 0 is a grey baseline, not a red stub
  expect(document.querySelector('[data-column="11/30"] .chart-columns__bar--zero')).toBeNull();
  expect(document.querySelector('[data-column="11/1"] .chart-columns__bar--zero')).not.toBeNull();
  expect(screen.getByText('最近的日期在最右边，左右滑动可看更早的')).toBeTruthy();
});

it('a figure with nothing in the range says which figure, not "no records" beside totals that have some', async () => {
  const day = { ...report.periods[0]!, period: '2023-12-01', meetings: 1, services: 2, joins: 0 };
  const oneDay = {
    ...report,
    from: '2023-12-01',
    to: '2023-12-01',
    totals: { ...report.totals, meetings: 1, services: 2, joins: 0, newEmploymentShare: 0, joinsByOccupation: [] },
    periods: [day],
  };
  fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': [200, oneDay] });
  render(<OrgReport actingOrgId="fengtai" />);
  await screen.findByText('沟通会（按类型）');
  expect(screen.getByText('这段时间没有入会')).toBeTruthy();
  expect(screen.queryByText('这段时间没有记录')).toBeNull();
  // no joins: no "新就业形态 0%"
  expect(figure('入会申请')).toBe('0入会申请');
  expect(screen.queryByText(/新就业形态劳动者占/)).toBeNull();
  fireEvent.click(screen.getByText('服务', { selector: '.chip span' }));
  expect(columns()).toEqual(['212/1']);
});

it('a report of another shape is a load error with 重试, never a crash; 重试 reads again', async () => {
  let shape: unknown = { orgId: 'fengtai', totals: {} };
  const api = fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': () => [200, shape] });
  render(<OrgReport actingOrgId="fengtai" />);
  expect(await screen.findByText('读取到的数据不完整，请重试')).toBeTruthy();
  shape = report;
  fireEvent.click(screen.getByText('重试'));
  await screen.findByText('沟通会（按类型）');
  expect(figure('沟通会')).toBe('69沟通会');
  expect(api.urls('GET /staff/figures')).toHaveLength(2);
});

it('puts the start and the end one under the other, so a date with its weekday fits a narrow screen', async () => {
  fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': [200, report] });
  render(<OrgReport actingOrgId="fengtai" />);
  await screen.findByText('沟通会（按类型）');
  const rows = Array.from(document.querySelectorAll('.report__range > .report__range-part')).map((r) => r.textContent);
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatch(/^开始日期\d+月1日 周/);
  expect(rows[1]).toMatch(/^结束日期\d+月\d+日 周/);
});
