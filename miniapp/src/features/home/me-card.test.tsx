import { fireEvent, render, screen } from '@testing-library/react';
import type { Session } from '@shared/schemas/session';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { MeCard } from './me-card';

const mockOpened: string[] = [];
jest.mock('@tarojs/taro', () => {
  const fake = jest.requireActual('@tarojs/taro');
  return {
    __esModule: true,
    ...fake,
    default: { ...fake.default, navigateTo: async ({ url }: { url: string }) => (mockOpened.push(url), { errMsg: 'navigateTo:ok' }) },
  };
});

const sessionOf = (me: Session['me']): Session => ({ token: 't', expiresAt: '2030-01-01T00:00:00.000Z', me });
// a real rider signed in with WeChat: the server knows no name until they join
const rider = sessionOf({ id: 'u1', role: 'worker', displayName: '微信用户', actingOrgId: null });
const staff = sessionOf({ id: 'u2', role: 'staff', displayName: '李老师', actingOrgId: 'fengtai-lugouqiao' });
const membership = {
  memberNo: 'FT-000123',
  name: '王大勇',
  mobile: '13912345678',
  employer: '美团',
  occupation: 'food-delivery',
  newEmploymentForm: true,
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  status: 'active',
  joinedAt: '2026-11-20T02:00:00.000Z',
  cardRequest: 'none',
  history: [],
};
const org = {
  id: 'fengtai-lugouqiao',
  code: '110106001',
  status: 'open',
  name: '卢沟桥街道总工会',
  shortName: '卢沟桥',
  level: 'street',
  parentId: 'fengtai',
  path: ['beijing', 'fengtai', 'fengtai-lugouqiao'],
};

beforeEach(() => void (mockOpened.length = 0));

it('greets a member by the name they gave, in full, and opens the member card’s QR in one tap', async () => {
  fakeApi({ 'GET /me/membership': [200, { membership }] });
  const { container } = render(<MeCard session={rider} membershipDetails={<p>会员详情</p>} />);
  await screen.findByText('会员号 FT-000123');
  expect(container.querySelector('.me-card__name')?.textContent).toBe('王大勇');
  expect(container.querySelector('.me-member__name')?.textContent).toBe('王大勇');
  expect(container.textContent).not.toContain('微信用户');
  expect(container.querySelector('.page-header__sub')?.textContent).toBe('卢沟桥街道总工会 · 已入会');
  // the whole card is the tap target, not only its caption
  fireEvent.click(container.querySelector('.me-member__card')!);
  expect(mockOpened).toEqual(['/pages/member-card/index']);
  expect(screen.getByText('会员详情').tagName).toBe('P');
});

it('a worker who has not joined sees how to join, and no placeholder name', async () => {
  fakeApi({ 'GET /me/membership': [200, { membership: null }] });
  const { container } = render(<MeCard session={rider} membershipDetails={<p>还不是工会会员</p>} />);
  await screen.findByText('还不是工会会员');
  expect(container.querySelector('.me-card__name')?.textContent).toBe('您好');
  expect(container.textContent).not.toContain('微信用户');
  expect(container.querySelector('.me-member')).toBeNull();
});

it('staff see their role and org and their workbench first, and are not told they are not members', async () => {
  fakeApi({
    'GET /me/membership': [200, { membership: null }],
    'GET /orgs/fengtai-lugouqiao': [200, { org, ancestors: [], children: [] }],
  });
  const { container } = render(
    <MeCard session={staff} membershipDetails={<p>还不是工会会员</p>}>
      <p>我的报名</p>
    </MeCard>,
  );
  await screen.findByText('工会工作人员 · 卢沟桥街道总工会');
  expect(container.querySelector('.me-card__name')?.textContent).toBe('李老师');
  expect(screen.queryByText('还不是工会会员')).toBeNull();
  // the workbench comes before the worker's own sections
  const text = container.textContent!;
  expect(text.indexOf('驿站问题待办')).toBeLessThan(text.indexOf('我的报名'));
  fireEvent.click(screen.getByText('驿站问题待办'));
  expect(mockOpened).toEqual(['/staff/pages/reports/index']);
});

it('staff who are also members get their card too', async () => {
  fakeApi({
    'GET /me/membership': [200, { membership: { ...membership, name: '李秀英' } }],
    'GET /orgs/fengtai-lugouqiao': [200, { org, ancestors: [], children: [] }],
  });
  const { container } = render(<MeCard session={staff} membershipDetails={<p>会员详情</p>} />);
  await screen.findByText('会员详情');
  expect(container.querySelector('.me-member__name')?.textContent).toBe('李秀英');
});

it('操作记录 is on the workbench of admins only', async () => {
  fakeApi({
    'GET /me/membership': [200, { membership: null }],
    'GET /orgs/fengtai-lugouqiao': [200, { org, ancestors: [], children: [] }],
    'GET /orgs/fengtai': [200, { org: { ...org, id: 'fengtai', name: '丰台区总工会' }, ancestors: [], children: [] }],
  });
  const { unmount } = render(<MeCard session={staff} />);
  await screen.findByText('工会工作人员 · 卢沟桥街道总工会');
  expect(screen.queryByText('操作记录')).toBeNull();
  unmount();
  render(<MeCard session={sessionOf({ id: 'u3', role: 'admin', displayName: '张主任', actingOrgId: 'fengtai' })} />);
  await screen.findByText('工会管理员 · 丰台区总工会');
  fireEvent.click(screen.getByText('操作记录'));
  expect(mockOpened).toEqual(['/staff/pages/audit/index']);
});

describe('without a network', () => {
  const offline = () => (taroFake.respond = () => new Error('request:fail'));

  it('shows the kept membership marked 离线, with the member card and 我的报名 one tap away', async () => {
    fakeApi({ 'GET /me/membership': [200, { membership }] });
    const first = render(<MeCard session={rider} membershipDetails={<p>会员详情</p>} />);
    await screen.findByText('会员号 FT-000123');
    first.unmount();

    offline();
    const { container } = render(
      <MeCard session={rider} membershipDetails={<p>会员详情</p>}>
        <p>我的报名</p>
      </MeCard>,
    );
    await screen.findByText(/^离线 · 更新于 \d\d:\d\d$/);
    expect(container.querySelector('.me-card__name')?.textContent).toBe('王大勇');
    expect(container.querySelector('.page-header__sub')?.textContent).toBe('卢沟桥街道总工会 · 已入会');
    expect(screen.getByText('我的报名')).toBeTruthy();
    // the details read the network themselves: not shown as a second error
    expect(screen.queryByText('会员详情')).toBeNull();
    expect(screen.queryByText('加载失败')).toBeNull();
    fireEvent.click(screen.getByText('出示会员卡二维码 ›'));
    expect(mockOpened).toEqual(['/pages/member-card/index']);
  });

  it('with nothing kept, says what is still usable offline', async () => {
    fakeApi({});
    offline();
    render(<MeCard session={rider} membershipDetails={<p>会员详情</p>} />);
    await screen.findByText('没有网络时仍可使用');
    fireEvent.click(screen.getByText('电子会员卡'));
    expect(mockOpened).toEqual(['/pages/member-card/index']);
    expect(screen.queryByText('会员详情')).toBeNull();
  });
});

it.each([
  ['pending', '待审核', '入会申请审核中，通过后可在这里出示会员卡二维码'],
  ['rejected', '已退回', '入会申请已退回，暂无会员卡二维码；按退回原因修改后重新提交，通过后即可出示'],
])('a %s application is no card: its status instead of 出示会员卡二维码', async (status, label, why) => {
  fakeApi({ 'GET /me/membership': [200, { membership: { ...membership, status, rejectReason: '手机号与本人不符' } }] });
  const { container } = render(<MeCard session={rider} membershipDetails={<p>会员详情</p>} />);
  await screen.findByText(why);
  expect(container.querySelector('.me-member__status')?.textContent).toBe(label);
  expect(screen.queryByText('出示会员卡二维码 ›')).toBeNull();
  expect(container.querySelector('[role="link"]')).toBeNull();
  fireEvent.click(container.querySelector('.me-member__card')!);
  expect(mockOpened).toEqual([]);
  expect(screen.getByText('会员详情')).toBeTruthy();
});
