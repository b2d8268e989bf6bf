import { describeWhen } from '../../test/support/describe-when';
import { createWeapp, hasBuild, until } from './weapp-harness';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { buildOrgTree } from '../../shared/org-tree';

// Built by `npm test` (scripts/test.mjs) before jest runs; say so loudly if it is missing.
const describeBuilt = describeWhen(hasBuild(), 'the weapp smoke test needs miniapp/dist/weapp: run `npm run build:weapp`');

describeBuilt('the built weapp bundle', () => {
  const session = {
    token: 'smoke-token',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    // staff (who also use every worker page): the staff pages let only staff in
    me: { id: 'smoke-user', role: 'staff', displayName: '王师傅', actingOrgId: 'fengtai-lugouqiao' },
  };
  const nearby = {
    searchedRadiusMeters: 5000,
    stations: [
      {
        id: 'st-a',
        name: '卢沟桥超市工会驿站17号',
        address: '卢沟桥南里 1 号',
        kind: 'union-station',
        location: { lat: 39.861, lng: 116.255 },
        amenities: ['hot-water', 'microwave'],
        honours: [],
        distanceMeters: 460,
        openState: 'open',
      },
      {
        id: 'st-b',
        name: '卢沟桥物业中心工会驿站9号',
        address: '正阳大街 2 号',
        kind: 'union-station',
        location: { lat: 39.863, lng: 116.259 },
        amenities: ['charging'],
        honours: [],
        distanceMeters: 1590,
        openState: 'all-day',
      },
    ],
  };
  const activity = {
    orgId: 'fengtai-lugouqiao',
    orgName: '卢沟桥街道总工会',
    description: '',
    category: 'service',
    place: '卢沟桥文化广场',
    startsAt: '2026-11-26T01:00:00.000Z',
    endsAt: '2026-11-26T04:00:00.000Z',
    signupOpensAt: '2026-11-20T01:00:00.000Z',
    signupClosesAt: '2026-11-25T10:00:00.000Z',
    capacity: 20,
    perMemberLimit: 1,
    eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false },
    waitlist: true,
    holdMinutes: 120,
  };
  const signup = { places: 1, children: [], createdAt: '2026-11-21T02:00:00.000Z' };
  let clinic: Record<string, unknown> = {
    ...signup,
    activityId: 'ac-clinic',
    activityTitle: '中医义诊',
    status: 'waitlisted',
    position: 2,
  };
  let haircut: Record<string, unknown> = {
    ...signup,
    activityId: 'ac-haircut',
    activityTitle: '免费理发',
    status: 'offered',
    holdExpiresAt: '2026-11-26T02:00:00.000Z',
  };
  const activities = [
    { ...activity, id: 'ac-clinic', title: '中医义诊', confirmed: 20, placesLeft: 0, eligible: true, mySignup: clinic },
    { ...activity, id: 'ac-tea', title: '冬日送温暖', confirmed: 15, placesLeft: 5, eligible: true },
  ];
  const ticket = { token: 'eyJ.smoke.ticket', svg: 'data:image/svg+xml;base64,PHN2Zy8+' };
  const edits: Record<string, unknown>[] = [];
  const counts = { confirmed: 15, waitlisted: 0, offered: 0, cancelled: 0, expired: 0, checkedIn: 3 };

  const weapp = createWeapp(({ url, method, data }) => {
    if (method === 'POST' && url.endsWith('/auth/wechat')) return { statusCode: 200, data: session };
    if (url.endsWith('/activities')) return { statusCode: 200, data: { activities } };
    if (url.endsWith('/me/signups')) return { statusCode: 200, data: { signups: [clinic, haircut] } };
    if (method === 'POST' && url.endsWith('/activities/ac-haircut/signups/confirm')) {
      haircut = { ...haircut, status: 'confirmed', holdExpiresAt: undefined, ticket };
      return { statusCode: 200, data: haircut };
    }
    if (method === 'POST' && url.endsWith('/activities/ac-clinic/signups/cancel')) {
      clinic = { ...clinic, status: 'cancelled', position: undefined };
      return { statusCode: 200, data: clinic };
    }
    // the staff page reads the activity with its sign-ups (the staff list is paged)
    if (url.endsWith('/staff/activities/ac-tea/signups'))
      return { statusCode: 200, data: { counts, signups: [], activity: activities[1] } };
    if (method === 'PUT' && url.endsWith('/staff/activities/ac-tea')) {
      edits.push(data as Record<string, unknown>);
      return { statusCode: 200, data: { ...activities[1], ...(data as object) } };
    }
    if (url.includes('/stations/nearby')) return { statusCode: 200, data: nearby };
    if (url.endsWith('/me/membership')) return { statusCode: 200, data: { membership: null } };
    if (url.includes(`/join/${token}`))
      return {
        statusCode: 200,
        data: {
          target: {
            orgId: 'fengtai-lugouqiao',
            orgName: '卢沟桥街道总工会',
            orgPath: ['市总工会', '丰台区', '卢沟桥街道'],
            event: { title: '卢沟桥职工沟通会', date: '2026-11-26', place: '卢沟桥文化广场' },
            autoApprove: false,
          },
        },
      };
    // the API sends the tree a level at a time: the root and its children, then each org's children
    const children = /\/orgs\/([^/?]+)\/children/.exec(url);
    if (children) return { statusCode: 200, data: { orgs: demoOrgs.filter((o) => o.parentId === children[1]) } };
    if (url.includes('/orgs')) {
      const { roots } = buildOrgTree(demoOrgs);
      return {
        statusCode: 200,
        data: {
          roots: roots.map((r) => ({ ...r, children: r.children.map((c) => ({ ...c, children: [] })) })),
          count: demoOrgs.filter((o) => !o.parentId || o.parentId === roots[0]!.id).length,
        },
      };
    }
    return { statusCode: 404, data: { code: 'route_not_found', message: '没有这个接口', requestId: 'x' } };
  });

  beforeAll(() => {
    weapp.launch();
  });

  let home: ReturnType<typeof weapp.open>;
  let join: ReturnType<typeof weapp.open>;
  let activitiesTab: ReturnType<typeof weapp.open>;
  let mySignups: ReturnType<typeof weapp.open>;
  const token = 'AbCdEfGhIjK_lmnopqrstuvwxyz-012';

  it('launches, signs in with wx.login and renders the nearby list on the 驿站 home tab', async () => {
    home = weapp.open('pages/stations/index');
    await until(() => weapp.texts(home).includes('卢沟桥超市工会驿站17号'), 'the nearby list');
    expect(weapp.requests.filter((r) => r.url.endsWith('/auth/wechat'))).toHaveLength(1);
    // asked WeChat for GCJ-02 and told the API so
    expect(weapp.requests.find((r) => r.url.includes('/stations/nearby'))!.url).toMatch(/lat=39\.8605&lng=116\.2541&coord=gcj02/);
    const texts = weapp.texts(home);
    expect(texts).toEqual(expect.arrayContaining(['460 米', '营业中', '1.6 公里', '24小时', '热饭', '营业中']));
  });

  it('switches to the 入会 tab and shows the org tree from the API, which opens on tap', async () => {
    join = weapp.switchTab(home, 'pages/join/index');
    await until(() => weapp.texts(join).includes('丰台区总工会'), 'the org tree');
    // signed in once: the session is reused, not exchanged again
    expect(weapp.requests.filter((r) => r.url.endsWith('/auth/wechat'))).toHaveLength(1);
    expect(weapp.texts(join)).not.toContain('卢沟桥街道快递物流行业联合工会');

    weapp.tap(join, '丰台区总工会');
    await until(() => weapp.texts(join).includes('卢沟桥街道总工会'), 'the district to open');
    weapp.tap(join, '卢沟桥街道总工会');
    await until(() => weapp.texts(join).includes('卢沟桥街道快递物流行业联合工会'), 'the street union to open');
  });

  it('opened from a plain-link QR code (q), lands on the join page of the right org', async () => {
    const page = weapp.switchTab(join, 'pages/join-form/index', { q: encodeURIComponent(`https://union.example.cn/j/${token}`) });
    await until(() => weapp.texts(page).join('').includes('加入卢沟桥街道总工会'), 'the join page');
    expect(weapp.texts(page)).toEqual(expect.arrayContaining(['卢沟桥职工沟通会 · 卢沟桥文化广场', '一键填入微信手机号', '外卖配送员']));
  });

  it('switches to the 活动 tab: the member’s place in the queue, places left, and the way into 我的报名', async () => {
    activitiesTab = weapp.switchTab(join, 'pages/activities/index');
    await until(() => weapp.texts(activitiesTab).includes('冬日送温暖'), 'the activity list');
    expect(weapp.texts(activitiesTab)).toEqual(
      expect.arrayContaining(['我的报名', '中医义诊', '名额已满，可候补', '剩余 5 个名额', '取消报名', '报名']),
    );
    expect(weapp.texts(activitiesTab).join('')).toContain('候补中（第 2 位）');
  });

  it('opens 我的报名: confirms an offered place in one tap and shows the entry ticket', async () => {
    const page = (mySignups = weapp.switchTab(activitiesTab, 'pages/my-signups/index'));
    await until(() => weapp.texts(page).includes('免费理发'), 'my sign-ups');
    expect(weapp.texts(page).join('')).toContain('候补中（第 2 位）');
    expect(weapp.texts(page).join('')).toContain('候补到名额了，请在 11月26日 周四 10:00 前确认参加');

    weapp.tap(page, '确认参加');
    await until(() => weapp.texts(page).includes('入场时请出示这个二维码'), 'the ticket');
    expect(weapp.requests.filter((r) => r.url.endsWith('/signups/confirm'))).toHaveLength(1);
    expect(JSON.stringify(page.data.root)).toContain(ticket.svg);
    expect(weapp.texts(page)).toContain('报名成功');
    expect(weapp.texts(page)).not.toContain('确认参加');
  });

  it('on 我的报名, cancels after the member confirms in the WeChat dialog', async () => {
    weapp.tap(mySignups, '取消报名'); // the first one: 中医义诊 (the fake wx.showModal answers 确定)
    await until(() => weapp.texts(mySignups).includes('已取消'), 'the cancelled sign-up');
    expect(weapp.requests.filter((r) => r.url.endsWith('/activities/ac-clinic/signups/cancel'))).toHaveLength(1);
  });

  it('staff: on 报名与签到, shows 调整名额, opens 修改活动 filled in and saves it without the capacity', async () => {
    const page = weapp.open('staff/pages/activity/index', { id: 'ac-tea' });
    await until(() => weapp.texts(page).includes('活动信息'), 'the activity details');
    expect(weapp.texts(page)).toEqual(
      expect.arrayContaining(['冬日送温暖', '调整名额', '当前名额', '20 个', '已占用', '15 个', '修改活动']),
    );

    weapp.tap(page, '修改活动');
    await until(() => weapp.texts(page).includes('保存修改'), 'the edit form');
    expect(weapp.texts(page)).toEqual(
      expect.arrayContaining(['活动说明（选填）', '名额不在这里改：请用本页的“调整名额”（不能少于已占用的名额）']),
    );
    expect(weapp.texts(page).join('')).toContain('0/500');

    weapp.tap(page, '保存修改');
    await until(() => weapp.texts(page).includes('已保存修改，职工看到的是新的内容'), 'the saved activity');
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({
      title: '冬日送温暖',
      place: activity.place,
      startsAt: activity.startsAt,
      signupOpensAt: activity.signupOpensAt,
      holdMinutes: 120,
    });
    expect(edits[0]).not.toHaveProperty('capacity');
    expect(edits[0]).not.toHaveProperty('orgId');
  });
});
