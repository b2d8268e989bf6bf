import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { MessageList } from './message-list';
import { MessagesLink } from './messages-link';
import { ME_TAB_INDEX, badgeText, refreshUnreadBadge } from './unread-badge';

// 09:05 on Monday 30 November in Beijing is 01:05 UTC
const message = (n: number, overrides: Record<string, unknown> = {}) => ({
  id: `m-${String(n).padStart(24, '0')}`,
  kind: 'offer.made',
  title: '候补到名额了',
  body: '「中医义诊」有名额了，请在 11月30日 周一 09:35 前确认，逾期名额将顺延给下一位。',
  createdAt: `2026-11-30T01:0${n}:00.000Z`,
  read: false,
  target: { screen: 'signups' },
  ...overrides,
});
const rowOf = (id: string) => document.querySelector(`[data-message="${id}"]`);

it('lists messages newest first with Beijing times and unread marks; 加载更多 reads the next page', async () => {
  const api = fakeApi({
    'GET /me/messages': (_body, query) =>
      query.get('cursor')
        ? [200, { messages: [message(1, { kind: 'join.approved', title: '入会申请已通过', body: '欢迎加入！', read: true })] }]
        : [200, { messages: [message(5)], nextCursor: 'next-1' }],
  });
  render(<MessageList />);
  await waitFor(() => expect(rowOf(message(5).id)).not.toBeNull());
  const row = rowOf(message(5).id)!;
  expect(row.textContent).toContain('候补到名额了');
  expect(row.textContent).toContain('11月30日 周一 09:05');
  expect(row.textContent).toContain('请在 11月30日 周一 09:35 前确认');
  expect(row.className).toContain('messages__row--unread');
  expect(screen.queryByText('全部已读')).not.toBeNull();

  fireEvent.click(screen.getByText('加载更多'));
  await waitFor(() => expect(rowOf(message(1).id)).not.toBeNull());
  expect(rowOf(message(1).id)!.className).not.toContain('messages__row--unread');
  expect(api.urls('GET /me/messages').map((u) => new URL(u).searchParams.get('cursor'))).toEqual([null, 'next-1']);
  expect(screen.queryByText('没有更多了')).not.toBeNull();
});

it('a tap marks the message read, updates the badge and opens what it is about', async () => {
  const api = fakeApi({
    'GET /me/messages': [
      200,
      {
        messages: [
          message(3),
          message(2, { kind: 'report.resolved', title: '您反映的问题已处理', target: { screen: 'station', id: 'st-luguoqiao' } }),
        ],
      },
    ],
    'POST /me/messages/read': [200, { unread: 1, capped: false, more: false }],
  });
  render(<MessageList />);
  await waitFor(() => expect(rowOf(message(3).id)).not.toBeNull());
  fireEvent.click(rowOf(message(3).id)!);
  await waitFor(() => expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/pages/my-signups/index' }]));
  expect(api.sent('POST /me/messages/read')).toEqual([{ ids: [message(3).id] }]);
  expect(rowOf(message(3).id)!.className).not.toContain('messages__row--unread');
  await waitFor(() => expect(taroFake.badges.get(ME_TAB_INDEX)).toBe('1'));

  fireEvent.click(rowOf(message(2).id)!);
  await waitFor(() => expect(taroFake.navigations.at(-1)).toEqual({ how: 'navigateTo', url: '/pages/station/index?id=st-luguoqiao' }));
});

it('「您检查发现的问题已处理」 opens the inspection, not the station', async () => {
  fakeApi({
    'GET /me/messages': [
      200,
      {
        messages: [message(6, { kind: 'report.resolved', title: '您检查发现的问题已处理', target: { screen: 'inspection', id: 'in-7' } })],
      },
    ],
    'POST /me/messages/read': [200, { unread: 0, capped: false, more: false }],
  });
  render(<MessageList />);
  await waitFor(() => expect(rowOf(message(6).id)).not.toBeNull());
  expect(rowOf(message(6).id)!.textContent).toContain('查看');
  fireEvent.click(rowOf(message(6).id)!);
  await waitFor(() => expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/supervise/pages/inspection/index?id=in-7' }]));
});

it('an offer recorded with its activity opens 我的报名 at that activity (older ones, without it, at the top)', async () => {
  fakeApi({
    'GET /me/messages': [200, { messages: [message(4, { target: { screen: 'signups', id: 'ac-clinic' } })] }],
    'POST /me/messages/read': [200, { unread: 0, capped: false, more: false }],
  });
  render(<MessageList />);
  await waitFor(() => expect(rowOf(message(4).id)).not.toBeNull());
  fireEvent.click(rowOf(message(4).id)!);
  await waitFor(() =>
    expect(taroFake.navigations.at(-1)).toEqual({ how: 'navigateTo', url: '/pages/my-signups/index?activity=ac-clinic' }),
  );
});

it('全部已读 marks them all (calling again while more are left), clears the badge and says so', async () => {
  let calls = 0;
  const api = fakeApi({
    'GET /me/messages': [200, { messages: [message(4), message(3)] }],
    'POST /me/messages/read': () =>
      ++calls === 1 ? [200, { unread: 50, capped: false, more: true }] : [200, { unread: 0, capped: false, more: false }],
  });
  taroFake.badges.set(ME_TAB_INDEX, '60');
  render(<MessageList />);
  await waitFor(() => expect(screen.queryByText('全部已读')).not.toBeNull());
  fireEvent.click(screen.getByText('全部已读'));
  await waitFor(() => expect(taroFake.toasts.map((t) => t.title)).toContain('已全部标为已读'));
  expect(api.sent('POST /me/messages/read')).toEqual([{ all: true }, { all: true }]);
  expect(taroFake.badges.has(ME_TAB_INDEX)).toBe(false);
  expect(document.querySelectorAll('.messages__row--unread')).toHaveLength(0);
  expect(screen.queryByText('全部已读')).toBeNull();
});

it('shows the empty state, and the error state with 重试', async () => {
  let fail = true;
  fakeApi({
    'GET /me/messages': () => (fail ? [503, { code: 'internal', message: '服务暂时不可用' }] : [200, { messages: [] }]),
  });
  render(<MessageList />);
  await waitFor(() => expect(screen.queryByText('加载失败')).not.toBeNull());
  fail = false;
  fireEvent.click(screen.getByText('重试'));
  await waitFor(() => expect(screen.queryByText('还没有消息')).not.toBeNull());
});

describe('the 我的 tab badge', () => {
  it('says the count, 99+ past the cap, and goes away at zero', () => {
    expect(badgeText({ unread: 0, capped: false })).toBeNull();
    expect(badgeText({ unread: 7, capped: false })).toBe('7');
    expect(badgeText({ unread: 100, capped: true })).toBe('99+');
  });

  it('refreshUnreadBadge reads the count and sets or removes the badge; offline leaves it', async () => {
    let count = { unread: 3, capped: false };
    fakeApi({ 'GET /me/messages/unread-count': () => [200, count] });
    await refreshUnreadBadge();
    expect(taroFake.badges.get(ME_TAB_INDEX)).toBe('3');
    count = { unread: 0, capped: false };
    await refreshUnreadBadge();
    expect(taroFake.badges.has(ME_TAB_INDEX)).toBe(false);
    taroFake.badges.set(ME_TAB_INDEX, '2');
    taroFake.respond = () => new Error('request:fail');
    expect(await refreshUnreadBadge()).toBeNull();
    expect(taroFake.badges.get(ME_TAB_INDEX)).toBe('2');
  });

  it('消息 on 我的 shows the unread count, sets the tab badge and opens the list', async () => {
    fakeApi({ 'GET /me/messages/unread-count': [200, { unread: 12, capped: false }] });
    render(<MessagesLink />);
    // what arrives here: claims and draws too
    expect(screen.getByText('入会审核、候补与摇号、理赔进度、问题处理结果')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('12')).not.toBeNull());
    expect(taroFake.badges.get(ME_TAB_INDEX)).toBe('12');
    fireEvent.click(screen.getByText('消息'));
    expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/inbox/pages/messages/index' }]);
  });
});
