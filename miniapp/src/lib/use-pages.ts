import { useState } from 'react';
import { useReachBottom } from '@tarojs/taro';
import { useRequest } from './use-request';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * A list the API sends a page at a time: the first page as a request (loading, error, reload), then
 * 加载更多 (also at the bottom of the screen) appends the next pages. A reload starts again from
 * the first page.
 */
export function usePages<P extends Page<unknown>>(load: (cursor?: string) => Promise<P>, deps: unknown[]) {
  type T = P['items'][number];
  const first = useRequest(() => load(undefined), deps);
  const [more, setMore] = useState<{ after: P; items: T[]; nextCursor?: string } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  // pages loaded after an earlier first page are dropped when the first page is read again
  const extra = more && more.after === first.data ? more : null;
  const items: T[] | undefined = first.data ? [...(first.data.items as T[]), ...(extra?.items ?? [])] : undefined;
  const nextCursor = extra ? extra.nextCursor : first.data?.nextCursor;
  const loadMore = async () => {
    if (!nextCursor || loadingMore || !first.data) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await load(nextCursor);
      setMore({ after: first.data, items: [...(extra?.items ?? []), ...(page.items as T[])], nextCursor: page.nextCursor });
    } catch (e) {
      setMoreError(e instanceof Error ? e.message : '加载失败，请重试');
    } finally {
      setLoadingMore(false);
    }
  };
  useReachBottom(() => void loadMore());
  return { ...first, items, nextCursor, loadMore, loadingMore, moreError };
}
