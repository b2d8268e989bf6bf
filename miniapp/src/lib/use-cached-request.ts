import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { ApiError, NETWORK_ERROR_MESSAGE } from '@shared/client';
import { readOffline, saveOffline, type OfflineKind } from './offline-cache';

/** while a kept copy is on screen, how often to try the network again */
const RETRY_MS = 30_000;

export interface CachedRequestState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  /** set when `data` is the kept copy (the network failed): when it was fetched */
  savedAt: string | undefined;
}

/** No answer, or a gateway's: the server never judged the request, so the kept copy still stands. */
export const unreachable = (error: ApiError) => error.status === 0 || error.status >= 500;

/**
 * `useRequest` for a person's own data that must survive a dropped network: every answer is kept
 * (lib/offline-cache), a failed fetch shows the kept copy with `savedAt`, and while it does the
 * request is tried again every 30 s and when the phone says it is back online; the fresh answer
 * replaces the copy without a loading state in between.
 */
export function useCachedRequest<T>(
  kind: OfflineKind,
  userId: string,
  run: () => Promise<T>,
  deps: unknown[],
  /** what of an answer is worth keeping (storage is small: 0.7 MB a key when encrypted) */
  keep: (data: T) => T = (data) => data,
): CachedRequestState<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; savedAt?: string; loading: boolean }>({ loading: true });
  const [attempt, setAttempt] = useState(0);
  const runRef = useRef(run);
  runRef.current = run;
  const keepRef = useRef(keep);
  keepRef.current = keep;

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    runRef.current().then(
      (data) => {
        if (!live) return;
        setState({ data, loading: false });
        void saveOffline(kind, userId, keepRef.current(data));
      },
      async (caught: unknown) => {
        const error = caught instanceof ApiError ? caught : new ApiError(0, 'network', NETWORK_ERROR_MESSAGE);
        const copy = unreachable(error) ? await readOffline<T>(kind, userId) : null;
        if (!live) return;
        setState(copy ? { data: copy.data, savedAt: copy.savedAt, error, loading: false } : { error, loading: false });
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, kind, userId, attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  const offline = state.savedAt !== undefined;
  useEffect(() => {
    if (!offline) return;
    const timer = setInterval(reload, RETRY_MS);
    const onNetwork = (status: { isConnected: boolean }) => status.isConnected && reload();
    // not every platform (nor every test double) has the listener
    const canListen = typeof Taro.onNetworkStatusChange === 'function' && typeof Taro.offNetworkStatusChange === 'function';
    if (canListen) Taro.onNetworkStatusChange(onNetwork);
    return () => {
      clearInterval(timer);
      if (canListen) Taro.offNetworkStatusChange(onNetwork);
    };
  }, [offline, reload]);

  return { data: state.data, error: state.error, loading: state.loading, reload, savedAt: state.savedAt };
}
