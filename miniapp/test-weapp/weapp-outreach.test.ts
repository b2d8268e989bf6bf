import { describeWhen } from '../../test/support/describe-when';
import { event, figures, lugouqiao } from '../test-support/outreach-data';
import { createWeapp, hasBuild, until, type PageInstance } from './weapp-harness';

// Built by `npm test` (scripts/test.mjs) before jest runs; say so loudly if it is missing.
const describeBuilt = describeWhen(hasBuild(), 'the weapp smoke test needs miniapp/dist/weapp: run `npm run build:weapp`');

/** 沟通会 and 统计报表 in the built weapp bundle: the staff subpackage's pages load, render and act. */
describeBuilt('沟通会 and 统计报表 in the built weapp', () => {
  const session = {
    token: 'smoke-token',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    me: { id: 'smoke-user', role: 'staff', displayName: '王师傅', actingOrgId: 'fengtai-lugouqiao' },
  };
  const report = {
    orgId: 'fengtai-lugouqiao',
    orgName: '卢沟桥街道总工会',
    unit: 'day',
    from: '2023-11-01',
    to: '2023-11-30',
    totals: {
      meetings: 69,
      meetingsByKind: [{ key: 'worker', label: '职工沟通会', count: 55 }],
      joins: 1952,
      joinsByOccupation: [{ key: 'food-delivery', label: '外卖配送员', count: 1000 }],
      newEmploymentShare: 0.5,
      approved: 1800,
      services: 3200,
      servicesByType: [{ key: 'haircut', label: '理发', count: 1200 }],
      leaflets: 1146,
      consultations: 1066,
      aidCards: 120,
      signups: 310,
      checkins: 280,
    },
    periods: [
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
    ],
    generatedAt: '2023-11-30T08:00:00.000Z',
  };
  const made = {
    xlsxUrl: 'http://127.0.0.1:4569/b/reports/x1/report.xlsx?X-Amz-Signature=1',
    csvUrl: 'http://127.0.0.1:4569/b/reports/x1/report.csv?X-Amz-Signature=1',
    filename: '卢沟桥街道总工会统计报表.xlsx',
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
  };

  const weapp = createWeapp(({ url, method }) => {
    const path = new URL(url).pathname;
    if (method === 'POST' && path === '/auth/wechat') return { statusCode: 200, data: session };
    if (path === '/staff/events/ev-1') return { statusCode: 200, data: event };
    if (path === '/staff/events/ev-1/figures') return { statusCode: 200, data: figures };
    if (path === '/staff/scope')
      return { statusCode: 200, data: { actingOrg: lugouqiao, tree: { roots: [{ ...lugouqiao, children: [] }], count: 1 } } };
    if (path === '/staff/figures') return { statusCode: 200, data: report };
    if (method === 'POST' && path === '/staff/figures/export') return { statusCode: 200, data: made };
    if (path === '/me/membership') return { statusCode: 200, data: { membership: null } };
    return { statusCode: 404, data: { code: 'route_not_found', message: '没有这个接口', requestId: 'x' } };
  });

  beforeAll(() => {
    weapp.launch();
  });
  const opened: PageInstance[] = [];
  // the dashboard reads its figures every 15 s while shown: hide it so nothing runs after the tests
  afterAll(() => opened.forEach((page) => (page.onHide as () => void)?.call(page)));

  it('opens an event’s dashboard with the way into stall mode and its figures as bars', async () => {
    const page = weapp.open('staff/pages/event/index', { eventId: 'ev-1' });
    opened.push(page);
    await until(() => weapp.texts(page).includes('每小时入会'), 'the dashboard');
    expect(weapp.texts(page)).toEqual(
      expect.arrayContaining([
        '卢沟桥新就业形态劳动者沟通会',
        '进入摊位模式',
        '165',
        '1146',
        '理发',
        '28 / 30 · 候补 3',
        '外卖配送员',
        '12时',
      ]),
    );
  });

  it('opens 统计报表, shows the totals and opens the Excel export in WeChat’s document viewer', async () => {
    const page = weapp.open('staff/pages/figures/index');
    opened.push(page);
    await until(() => weapp.texts(page).includes('沟通会（按类型）'), 'the report');
    expect(weapp.texts(page)).toEqual(expect.arrayContaining(['卢沟桥街道总工会', '1952', '新就业形态 50%', '职工沟通会', '导出 Excel']));

    weapp.tap(page, '导出 Excel');
    await until(() => weapp.documents.length === 1, 'the document to open');
    expect(weapp.downloads).toEqual([made.xlsxUrl]);
    expect(weapp.documents).toEqual([{ filePath: 'wxfile://tmp/report.xlsx', fileType: 'xlsx' }]);
  });
});
