import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, NETWORK_ERROR_MESSAGE } from '@shared/client';
import type { Org, OrgPage } from '@shared/schemas/org';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';

/** One level of the tree: the root (or `under`) and its first page of children. */
export function useOrgTree(under?: string) {
  return useRequest(() => api.listOrgTree({ query: { under } }), [under]);
}

export function useStaffScope() {
  return useRequest(() => api.getStaffScope(), []);
}

export interface Pages {
  /** undefined until the first page arrives */
  orgs: Org[] | undefined;
  cursor: string | undefined;
  loading: boolean;
  error: ApiError | undefined;
  /** loads the first page unless it is loaded or loading */
  start: () => void;
  more: () => void;
  /** repeats the request that failed */
  retry: () => void;
}

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'network', NETWORK_ERROR_MESSAGE));

/**
 * Pages of orgs read with a cursor (an org's children, or a search), appended as they arrive; a
 * page that comes back after `fetchPage` changed (a new search) is dropped.
 */
export function usePages(
  fetchPage: (cursor?: string) => Promise<OrgPage>,
  first?: { orgs: Org[]; cursor?: string },
  autoStart = false,
): Pages {
  const [state, setState] = useState<{ orgs?: Org[]; cursor?: string; loading: boolean; error?: ApiError }>(() =>
    first ? { orgs: first.orgs, cursor: first.cursor, loading: false } : { loading: false },
  );
  const stateRef = useRef(state);
  stateRef.current = state;
  const generation = useRef(0);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const load = useCallback(
    (cursor?: string) => {
      const mine = generation.current;
      setState((s) => (cursor ? { ...s, loading: true, error: undefined } : { loading: true }));
      fetchPage(cursor).then(
        (page) => {
          if (!live.current || mine !== generation.current) return;
          setState((s) => ({
            orgs: cursor ? [...(s.orgs ?? []), ...page.orgs] : page.orgs,
            cursor: page.nextCursor,
            loading: false,
          }));
        },
        (e: unknown) => {
          if (!live.current || mine !== generation.current) return;
          setState((s) => ({ ...s, loading: false, error: asApiError(e) }));
        },
      );
    },
    [fetchPage],
  );

  // a new fetchPage (a new search) starts over; pages still on their way are dropped
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) {
      generation.current += 1;
      setState({ loading: false });
    }
    mounted.current = true;
    if (autoStart) load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetchPage]);

  const start = useCallback(() => {
    const s = stateRef.current;
    if (s.orgs === undefined && !s.loading) load();
  }, [load]);
  const more = useCallback(() => {
    const s = stateRef.current;
    if (s.cursor && !s.loading) load(s.cursor);
  }, [load]);
  const retry = useCallback(() => {
    const s = stateRef.current;
    if (!s.loading) load(s.orgs === undefined ? undefined : s.cursor);
  }, [load]);

  return { orgs: state.orgs, cursor: state.cursor, loading: state.loading, error: state.error, start, more, retry };
}

/** An org's children, read page by page (50 a page) when the row is first opened. */
export function useOrgChildren(orgId: string, first?: { orgs: Org[]; cursor?: string }) {
  const fetchPage = useCallback((cursor?: string) => api.listOrgChildren({ params: { orgId }, query: { cursor } }), [orgId]);
  return usePages(fetchPage, first);
}

/** Orgs whose name starts with `q` (20 a page); staff below the city are kept to their district. */
export function useOrgSearch(q: string, district?: string) {
  const fetchPage = useCallback((cursor?: string) => api.searchOrgs({ query: { q, district, cursor } }), [q, district]);
  return usePages(fetchPage, undefined, q.length > 0);
}
