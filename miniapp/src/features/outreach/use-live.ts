import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { ApiError, NETWORK_ERROR_MESSAGE } from '@shared/client';

/**
 * Figures read again every `everyMs` while the page is shown: stopped when it is hidden (stall mode
 * opened over it, the phone locked), read at once when it shows again. A failed read keeps the
 * last figures on screen with the error beside them (a stall's network comes and goes); the next
 * tick tries again.
 */
export function useLive<T>(read: () => Promise<T>, everyMs: number, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [shown, setShown] = useState(true);
  const readRef = useRef(read);
  readRef.current = read;
  const inFlight = useRef(false);
  const generation = useRef(0);

  const refresh = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    const mine = generation.current;
    setState((s) => ({ ...s, loading: true }));
    readRef
      .current()
      .then(
        (data) => mine === generation.current && setState({ data, loading: false }),
        (e: unknown) =>
          mine === generation.current &&
          setState((s) => ({
            data: s.data,
            loading: false,
            error: e instanceof ApiError ? e : new ApiError(0, 'network', NETWORK_ERROR_MESSAGE),
          })),
      )
      .finally(() => {
        inFlight.current = false;
      });
  }, []);

  useEffect(() => {
    generation.current += 1;
    inFlight.current = false;
    setState({ loading: true });
    refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );

  useEffect(() => {
    if (!shown) return undefined;
    const timer = setInterval(refresh, everyMs);
    return () => clearInterval(timer);
  }, [shown, everyMs, refresh]);

  const hidden = useRef(false);
  useDidHide(() => {
    hidden.current = true;
    setShown(false);
  });
  useDidShow(() => {
    if (!hidden.current) return;
    hidden.current = false;
    setShown(true);
    refresh();
  });

  return { ...state, refresh };
}
