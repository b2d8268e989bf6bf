import { useRef } from 'react';
import { useDidShow } from '@tarojs/taro';

/**
 * Reloads when the page is shown again (its tab tapped, or back from another page), so what was
 * changed elsewhere, e.g. a sign-up cancelled on 我的报名, is not shown stale. The first show is
 * skipped: the screen has just loaded.
 */
export function useRefreshOnShow(reload: () => void): void {
  const shownBefore = useRef(false);
  useDidShow(() => {
    if (shownBefore.current) reload();
    shownBefore.current = true;
  });
}
