import { useLayoutEffect, useRef } from 'react';
import { useDidShow } from '@tarojs/taro';

/** a show this soon after the screen mounted is the one that opened it: nothing to reload yet */
const JUST_LOADED_MS = 1_000;

/**
 * Reloads when the page is shown again (its tab tapped, or back from another page), so what was
 * changed elsewhere, e.g. a sign-up cancelled on 我的报名 or an application sent again, is not shown
 * stale. The show that opened the page is skipped: the screen has just loaded. Screens behind the
 * session gate mount after that show (once signed in), so the skip goes by time, not by counting
 * shows: counting skipped the first real return instead, and the screen stayed stale until the next.
 */
export function useRefreshOnShow(reload: () => void): void {
  const mountedAt = useRef(0);
  useLayoutEffect(() => {
    mountedAt.current = Date.now();
  }, []);
  useDidShow(() => {
    if (Date.now() - mountedAt.current > JUST_LOADED_MS) reload();
  });
}
