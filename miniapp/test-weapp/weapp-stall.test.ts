import { describeWhen } from '../../test/support/describe-when';
import { testKeys } from '../src/features/stall/test-keys';
import { event, figures as outreachFigures } from '../test-support/outreach-data';
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
  // the feature's fixtures; this phone holds a lease of 2 理发 places
  const figures = {
    ...outreachFigures,
    leases: [{ service: 'haircut', places: 2, used: 0, expiresAt: new Date(Date.now() + 3600_000).toISOString() }],
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
    await until(() => weapp.texts(page!).includes(event.name), 'the stall screen');
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
