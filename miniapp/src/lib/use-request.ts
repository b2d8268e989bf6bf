import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, NETWORK_ERROR_MESSAGE } from '@shared/client';

export interface RequestState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs an API call when `deps` change; keeps loading, error and data for the three screen states. */
export function useRequest<T>(run: () => Promise<T>, deps: unknown[]): RequestState<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [attempt, setAttempt] = useState(0);
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    runRef.current().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) =>
        live && setState({ loading: false, error: error instanceof ApiError ? error : new ApiError(0, 'network', NETWORK_ERROR_MESSAGE) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
