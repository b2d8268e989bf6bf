import { useEffect } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import type { UnreadCount } from '@shared/schemas/message';
import type { Session } from '@shared/schemas/session';
import { api } from '../../lib/api';
import { hasCurrentConsent } from '../../lib/privacy-consent';
import { currentSession } from '../../lib/session-store';

/** how often at most the tab pages and the app's return to the foreground read the count */
const QUIET_MS = 30_000;
let lastReadAt = 0;
/** whose count that was (user id): another person signing in is read at once */
let lastReadFor: string | null = null;

/** The 我的 tab's position in app.config.ts's tabBar list. */
export const ME_TAB_INDEX = 3;

/** What the badge says: nothing, the count, or 99+ when the server stopped counting at 100. */
export function badgeText({ unread, capped }: UnreadCount): string | null {
  if (unread <= 0) return null;
  return capped || unread > 99 ? '99+' : String(unread);
}

/**
 * Puts the unread count on the 我的 tab (or takes the badge off). A page that is not a tab page,
 * or H5 without a native tab bar, may refuse: the badge is a hint, never an error to show.
 */
export async function showUnreadBadge(count: UnreadCount): Promise<void> {
  const text = badgeText(count);
  try {
    if (text) await Taro.setTabBarBadge({ index: ME_TAB_INDEX, text });
    else await Taro.removeTabBarBadge({ index: ME_TAB_INDEX });
  } catch {
    // not shown on this page or platform: the count is still beside 消息 on 我的
  }
}

/** Reads the unread count (one request) and shows it on the tab; returns it (null if unreachable). */
export async function refreshUnreadBadge(): Promise<UnreadCount | null> {
  lastReadAt = Date.now();
  lastReadFor = currentSession()?.me.id ?? null;
  try {
    const count = await api.getMyUnreadCount({});
    await showUnreadBadge(count);
    return count;
  } catch {
    return null; // offline or signed out: leave the badge as it was
  }
}

/**
 * The badge without opening 我的: at launch, back in the foreground and when a tab page shows, so a
 * rider on 驿站 sees a new message. One request at most every 30 s, and none before signing in (a
 * request without a session would only be refused) nor without consent to the current guideline.
 */
export function refreshUnreadBadgeSoon(now = Date.now()): void {
  if (now - lastReadAt >= QUIET_MS) refreshUnreadBadgeIfSignedIn();
}

/** Reads the count now, if someone is signed in and has agreed to the current guideline. */
export function refreshUnreadBadgeIfSignedIn(): void {
  if (currentSession() && hasCurrentConsent()) void refreshUnreadBadge();
}

/**
 * The session changed (app.ts). Someone signed in: their count now. The same person's session
 * renewed or updated (e.g. once the server has recorded their privacy consent, a moment after
 * launch): the count read for them stands, as on any other occasion within 30 s. Signed out: no
 * badge, and whoever signs in next is read at once.
 */
export function refreshUnreadBadgeOnSessionChange(session: Session | null): void {
  if (!session) {
    lastReadFor = null;
    void showUnreadBadge({ unread: 0, capped: false });
  } else if (session.me.id === lastReadFor) refreshUnreadBadgeSoon();
  else refreshUnreadBadgeIfSignedIn();
}

/** For a tab page's screen: reads the badge when it mounts (signed in) and whenever its page shows. */
export function useUnreadBadge(): void {
  useEffect(() => refreshUnreadBadgeSoon(), []);
  useDidShow(() => refreshUnreadBadgeSoon());
}

/** Tests: forget when, and for whom, the count was last read. */
export function resetUnreadBadgeClock(): void {
  lastReadAt = 0;
  lastReadFor = null;
}
