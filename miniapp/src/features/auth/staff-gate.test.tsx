import { act, fireEvent, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { saveSession } from '../../lib/session-store';
import { StaffStations } from '../stations/staff-stations';
import { StaffGate } from './staff-gate';

const sessionAs = (role: 'worker' | 'staff', token = `t-${role}`) => ({
  token,
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  me: { id: 'u1', role, displayName: '李老师', actingOrgId: role === 'worker' ? null : 'fengtai-lugouqiao' },
});
const staffOnlyReply = [403, { code: 'staff_only', message: '此功能仅限工会工作人员使用', requestId: 'r' }] as [number, unknown];

function expectStaffOnlyPage() {
  expect(screen.getByText('此页面仅限工会工作人员使用')).toBeTruthy();
  expect(screen.getByText(/您的工作人员身份可能已被取消/)).toBeTruthy();
  expect(screen.queryByText('新建驿站')).toBeNull();
  expect(screen.queryByText('从表格导入')).toBeNull();
  expect(screen.queryByText('重试')).toBeNull();
}

const stationsPage = () => render(<StaffGate>{() => <StaffStations />}</StaffGate>);

afterEach(() => act(() => saveSession(null)));

it('a worker opening a staff page sees one clear page and a way back to 我的, not the staff buttons', async () => {
  const api = fakeApi({ 'GET /staff/stations': staffOnlyReply });
  act(() => saveSession(sessionAs('worker') as never));
  stationsPage();

  await screen.findByText('此页面仅限工会工作人员使用');
  expectStaffOnlyPage();
  expect(api.urls('GET /staff/stations')).toEqual([]); // nothing asked that must fail

  fireEvent.click(screen.getByText('返回「我的」'));
  expect(taroFake.navigations).toEqual([{ how: 'switchTab', url: '/pages/me/index' }]);
});

it('staff see the page; a 403 staff_only from a staff route turns it into the same page, not 加载失败 / 重试', async () => {
  fakeApi({ 'GET /staff/stations': staffOnlyReply });
  act(() => saveSession(sessionAs('staff') as never));
  stationsPage();

  await screen.findByText('此页面仅限工会工作人员使用');
  expectStaffOnlyPage();
  expect(screen.queryByText('加载失败')).toBeNull();
});

it('a revoked staff member: the 401 says 需要重新登录 with the server’s reason, then signed in again (a worker now) the page says why', async () => {
  fakeApi({
    'GET /staff/stations': [401, { code: 'token_expired', message: '您的工作人员身份已变更，请重新登录', requestId: 'r' }],
    'POST /auth/wechat': [200, sessionAs('worker', 't-new')],
  });
  act(() => saveSession(sessionAs('staff') as never));
  stationsPage();

  // H5 offers the demo identities again (weapp signs in by itself)
  fireEvent.click(await screen.findByText('职工'));
  await screen.findByText('此页面仅限工会工作人员使用');
  expect(taroFake.modals).toEqual([expect.objectContaining({ title: '需要重新登录', content: '您的工作人员身份已变更，请重新登录' })]);
  expectStaffOnlyPage();
});
