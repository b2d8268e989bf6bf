import { describeWhen } from '../../test/support/describe-when';
import { testKeys } from '../src/features/stall/test-keys';
import { createWeapp, hasBuild, until, type PageInstance } from './weapp-harness';

// Built by `npm test` (scripts/test.mjs) before jest runs; say so loudly if it is missing.
const describeBuilt = describeWhen(hasBuild(), 'the weapp smoke test needs miniapp/dist/weapp: run `npm run build:weapp`');

/** 摊位模式 in the built weapp bundle: the pure-JS verifier loads in the staff subpackage, scanCode registers, +1 counts. */
describeBuilt('摊位模式 in the built weapp', () => {
  const keys = testKeys();
  const session = {
    token: 'smoke-token',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    me: { id: 'smoke-user', role: 'staff', displayName: '王师傅', actingOrgId: 'fengtai-lugouqiao' },
  };
  const event = {
    id: 'ev-1',
    kind: 'worker',
    hostOrgId: 'fengtai-lugouqiao',
    hostOrgName: '卢沟桥街道总工会',
    name: '卢沟桥职工沟通会',
    place: '卢沟桥文化广场',
    location: { lat: 39.8492, lng: 116.2213 },
    startsAt: '2023-11-29T04:00:00.000Z',
    endsAt: '2023-11-29T06:00:00.000Z',
    services: [{ key: 'haircut', name: '理发', capacity: 30 }],
    staffIds: [],
    status: 'open',
    createdAt: '2023-11-20T02:00:00.000Z',
    updatedAt: '2023-11-20T02:00:00.000Z',
  };
  const figures = {
    eventId: 'ev-1',
    services: [{ key: 'haircut', name: '理发', capacity: 30, registered: 28, waitlisted: 0, leased: 2, tallied: 0 }],
    tallies: { consult: 0, leaflet: 12, aidCard: 0 },
    checkins: 0,
    joins: { total: 165, byHour: [], byOccupation: [] },
    leases: [{ service: 'haircut', places: 2, used: 0, expiresAt: new Date(Date.now() + 3600_000).toISOString() }],
    updatedAt: '2023-11-29T05:03:00.000Z',
  };
  const synced: { kind: string }[] = [];

  const weapp = createWeapp(({ url, method, data }) => {
    const path = new URL(url).pathname;
    if (method === 'POST' && path === '/auth/wechat') return { statusCode: 200, data: session };
    if (path === '/staff/events/ev-1') return { statusCode: 200, data: event };
    if (path === '/staff/events/ev-1/figures') return { statusCode: 200, data: figures };
    if (path === '/member-card/public-key') return { statusCode: 200, data: { keys: keys.publicKeys } };
    if (method === 'POST' && path === '/staff/stall/sync') {
      const { actions } = data as { actions: { key: string; kind: string }[] };
      synced.push(...actions);
      return { statusCode: 200, data: { results: actions.map((a) => ({ key: a.key, outcome: 'done', message: '已记录' })) } };
    }
    if (path === '/me/membership') return { statusCode: 200, data: { membership: null } };
    return { statusCode: 404, data: { code: 'route_not_found', message: '没有这个接口', requestId: 'x' } };
  });

  let page: PageInstance | undefined;
  beforeAll(() => {
    weapp.launch();
  });
  // stall mode reads its figures every 15 s while open: close it so nothing runs after the tests
  afterAll(() => (page?.onUnload as (() => void) | undefined)?.call(page));

  it('opens stall mode, registers a scanned member card for the chosen service and counts a leaflet', async () => {
    page = weapp.open('staff/pages/stall/index', { eventId: 'ev-1' });
    await until(() => weapp.texts(page!).includes('卢沟桥职工沟通会'), 'the stall screen');
    await until(() => weapp.requests.some((r) => r.url.endsWith('/member-card/public-key')), 'the public key');
    expect(weapp.texts(page)).toEqual(expect.arrayContaining(['扫码', '入会二维码', '结束摊位', '宣传册 +1', '165']));

    weapp.tap(page, '（本机余 2）');
    await until(() => JSON.stringify(page!.data.root).includes('chip chip--on'), 'the chosen service');
    weapp.scans.push(keys.card('110106000123'));
    weapp.tap(page, '扫码');

    await until(() => weapp.texts(page!).includes('已完成'), 'the synced registration');
    expect(weapp.texts(page)).toEqual(expect.arrayContaining(['理发 · 会员 ****0123']));
    expect(synced.map((a) => a.kind)).toEqual(['register']);

    weapp.tap(page, '宣传册 +1');
    await until(() => weapp.texts(page!).includes('撤销'), 'the undo bar');
    await until(() => synced.length === 2, 'the tally synced');
    expect(synced.map((a) => a.kind)).toEqual(['register', 'tally']);
  });
});
