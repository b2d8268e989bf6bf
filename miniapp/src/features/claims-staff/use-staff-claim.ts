import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, NETWORK_ERROR_MESSAGE } from '@shared/client';
import type { StaffClaim } from '@shared/schemas/claim';
import { api } from '../../lib/api';

/**
 * One claim as staff see it, and when it was read: its photo links last 10 minutes, so the screen
 * knows when they may have expired. `replace` takes the claim a review answered with (newer, with
 * fresh links). Every read is an audited view on the server: nothing here reads it more than asked.
 */
export function useStaffClaim(claimId: string) {
  const [state, setState] = useState<{ claim?: StaffClaim; readAt: number; error?: ApiError; loading: boolean }>({
    readAt: 0,
    loading: true,
  });
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const reload = useCallback(async (): Promise<StaffClaim | undefined> => {
    setState((s) => ({ ...s, loading: true, error: undefined }));
    try {
      const claim = await api.getStaffClaim({ params: { claimId } });
      if (live.current) setState({ claim, readAt: Date.now(), loading: false });
      return claim;
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, 'network', NETWORK_ERROR_MESSAGE);
      if (live.current) setState((s) => ({ ...s, error, loading: false }));
      return undefined;
    }
  }, [claimId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const replace = useCallback((claim: StaffClaim) => setState({ claim, readAt: Date.now(), loading: false }), []);
  return { ...state, reload, replace };
}
