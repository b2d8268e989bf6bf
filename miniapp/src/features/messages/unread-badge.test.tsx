import { act, render, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { saveSession } from '../../lib/session-store';
import { TabIntro } from '../home/tab-intro';
import { ME_TAB_INDEX, refreshUnreadBadgeOnSessionChange, refreshUnreadBadgeSoon, resetUnreadBadgeClock } from './unread-badge';

/**
 * The unread badge on the 我的 tab is read without opening 我的: a rider on 驿站 (any tab page's
 * header) sees it, at most one request every 30 s, none before signing in.
 */
const session = {
  token: 't1',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  me: { id: 'u1', role: 'worker', displayName: '王师傅', actingOrgId: null },
};
const counted = () => taroFake.requests.filter((r) => r.url.endsWith('/me/messages/unread-count')).length;

let api: ReturnType<typeof fakeApi>;
beforeEach(() => {
  api = fakeApi({ 'GET /me/messages/unread-count': [200, { unread: 2, capped: false }] });
  resetUnreadBadgeClock();
  act(() => saveSession(session as never));
});
afterEach(() => act(() => saveSession(null)));

it('a tab page (驿站) puts the count on the 我的 tab when it shows, reading it once in 30 s', async () => {
  render(<TabIntro title="附近驿站" subtitle="热水、热饭、充电、歇脚，就近找" />);
  await waitFor(() => expect(taroFake.badges.get(ME_TAB_INDEX)).toBe('2'));
  expect(api.sent('GET /me/messages/unread-count')).toHaveLength(1);

  // 活动 opened right after: the count just read stands
  render(<TabIntro title="活动与福利" subtitle="名额先到先得" />);
  refreshUnreadBadgeSoon(); // back in the foreground
  expect(counted()).toBe(1);

  // half a minute later the app comes back to the foreground: read again
  taroFake.respond = () => ({ statusCode: 200, data: { unread: 0, capped: false } });
  refreshUnreadBadgeSoon(Date.now() + 31_000);
  await waitFor(() => expect(taroFake.badges.has(ME_TAB_INDEX)).toBe(false));
  expect(counted()).toBe(2);
});

it('asks nothing before anyone is signed in', () => {
  act(() => saveSession(null));
  render(<TabIntro title="附近驿站" subtitle="热水、热饭、充电、歇脚，就近找" />);
  refreshUnreadBadgeSoon();
  expect(counted()).toBe(0);
});

it("a sign-in reads at once; the same person's session updated right after (privacy consent synced) reads nothing more", async () => {
  // launch with a kept session: the app reads the count once
  refreshUnreadBadgeSoon();
  await waitFor(() => expect(taroFake.badges.get(ME_TAB_INDEX)).toBe('2'));
  // the server has recorded the consent and the session says so: the same rider, the count stands
  const synced = { ...session, me: { ...session.me, privacyConsentVersion: 'v1' } };
  act(() => saveSession(synced as never));
  refreshUnreadBadgeOnSessionChange(synced as never);
  expect(counted()).toBe(1);

  // signed out: no badge; someone else signs in within the 30 s: their count, read at once
  refreshUnreadBadgeOnSessionChange(null);
  await waitFor(() => expect(taroFake.badges.has(ME_TAB_INDEX)).toBe(false));
  const other = { ...session, token: 't2', me: { ...session.me, id: 'u2', displayName: '李师傅' } };
  act(() => saveSession(other as never));
  refreshUnreadBadgeOnSessionChange(other as never);
  await waitFor(() => expect(taroFake.badges.get(ME_TAB_INDEX)).toBe('2'));
  expect(counted()).toBe(2);
});
