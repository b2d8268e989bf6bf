import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { ApiError, NETWORK_ERROR_MESSAGE } from '@shared/client';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Pages<T> {
  /** every item loaded so far, pages in order */
  items: T[];
  /** the first page is loading (or reloading) */
  loading: boolean;
  /** the first page failed */
  error: ApiError | undefined;
  /** set while there is another page */
  nextCursor: string | undefined;
  moreLoading: boolean;
  moreError: string | undefined;
  /** loads the next page (ignored while one is loading or there is none) */
  loadMore: () => void;
  /** from the first page again */
  reload: () => void;
}

const asApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, 'network', NETWORK_ERROR_MESSAGE));

/**
 * A list read a page at a time with the server's cursor: the first page when `deps` change (or on
 * reload), the next one on loadMore (a button, or reaching the bottom). A page that comes back
 * after the list was reloaded is dropped, and an item already shown is not shown twice.
 */
export function usePages<T>(load: (cursor?: string) => Promise<Page<T>>, key: (item: T) => string, deps: unknown[]): Pages<T> {
  const [state, setState] = useState<{ items: T[]; nextCursor?: string; loading: boolean; error?: ApiError }>({ items: [], loading: true });
  const [more, setMore] = useState<{ loading: boolean; error?: string }>({ loading: false });
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);
  const busy = useRef(false);
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyRef = useRef(key);
  keyRef.current = key;

  useEffect(() => {
    const mine = ++generation.current;
    busy.current = false;
    setMore({ loading: false });
    setState((s) => ({ items: s.items, nextCursor: undefined, loading: true }));
    loadRef.current().then(
      (page) => mine === generation.current && setState({ items: page.items, nextCursor: page.nextCursor, loading: false }),
      (error: unknown) => mine === generation.current && setState({ items: [], loading: false, error: asApiError(error) }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);

  const loadMore = useCallback(() => {
    const cursor = state.nextCursor;
    if (!cursor || busy.current || state.loading) return;
    busy.current = true;
    const mine = generation.current;
    setMore({ loading: true });
    loadRef.current(cursor).then(
      (page) => {
        if (mine !== generation.current) return;
        busy.current = false;
        setMore({ loading: false });
        setState((s) => {
          const seen = new Set(s.items.map((i) => keyRef.current(i)));
          return { ...s, items: [...s.items, ...page.items.filter((i) => !seen.has(keyRef.current(i)))], nextCursor: page.nextCursor };
        });
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        busy.current = false;
        setMore({ loading: false, error: asApiError(error).message });
      },
    );
  }, [state.nextCursor, state.loading]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return {
    items: state.items,
    loading: state.loading,
    error: state.error,
    nextCursor: state.nextCursor,
    moreLoading: more.loading,
    moreError: more.error,
    loadMore,
    reload,
  };
}

/** Under a paged list: 正在加载…, the error with 重试, 加载更多 while there is more, 没有更多了 at the end. */
export function PagesFooter<T>({ pages, more = '加载更多' }: { pages: Pages<T>; more?: string }) {
  if (pages.loading || pages.error || pages.items.length === 0) return null;
  if (pages.moreLoading)
    return (
      <View className="join__list-end" aria-busy="true">
        <Text>正在加载…</Text>
      </View>
    );
  if (pages.nextCursor)
    return (
      <View className="join__list-more">
        {pages.moreError ? (
          <View role="alert">
            <Text className="field-error">{pages.moreError}</Text>
          </View>
        ) : null}
        <Button className="big-button big-button--ghost" onClick={pages.loadMore}>
          {pages.moreError ? '重试' : more}
        </Button>
      </View>
    );
  return (
    <View className="join__list-end">
      <Text>没有更多了</Text>
    </View>
  );
}
