import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { OrgDirectory } from '../orgs/org-directory';
import { JoinHome } from './join-home';

/** The 入会 tab as its page lays it out: the org directory follows what the worker can do. */
const JoinTab = () => (
  <JoinHome>
    <OrgDirectory />
  </JoinHome>
);

it('offline: one error with 重试, and the way to the saved member card and 我的报名', async () => {
  fakeApi({});
  taroFake.respond = () => new Error('request:fail');
  render(<JoinTab />);
  await screen.findByText('没有网络时仍可使用');
  expect(screen.getAllByText('加载失败')).toHaveLength(1);
  expect(screen.getAllByText('重试')).toHaveLength(1);
  // the directory waits for the tab to load: it asked nothing of the network
  expect(taroFake.requests.map((r) => new URL(r.url).pathname)).toEqual(['/me/membership']);
  fireEvent.click(screen.getByText('电子会员卡'));
  expect(taroFake.navigations.at(-1)?.url).toBe('/pages/member-card/index');

  // back online: 重试 loads the tab, then the directory
  fakeApi({ 'GET /me/membership': [200, { membership: null }] });
  fireEvent.click(screen.getByText('重试'));
  await screen.findByText('在工会活动现场扫码，一分钟入会');
  await waitFor(() => expect(taroFake.requests.some((r) => new URL(r.url).pathname.startsWith('/orgs'))).toBe(true));
  expect(screen.queryByText('没有网络时仍可使用')).toBeNull();
});

it('a refusal (not the network) is one error, without the offline card', async () => {
  fakeApi({ 'GET /me/membership': [403, { code: 'forbidden', message: '没有权限' }] });
  render(<JoinTab />);
  await screen.findByText('没有权限');
  expect(screen.getAllByText('加载失败')).toHaveLength(1);
  expect(screen.queryByText('没有网络时仍可使用')).toBeNull();
});
