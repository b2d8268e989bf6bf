import type { Org } from '@shared/schemas/org';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';

/**
 * The orgs a staff member picks from for an event's host or a report: the org they act for, then
 * its direct children (the first page the scope answer holds). Deeper orgs report through these:
 * a report of an org covers its whole subtree.
 */
export function useScopeOrgs() {
  return useRequest(async (): Promise<Pick<Org, 'id' | 'name'>[]> => {
    const { actingOrg, tree } = await api.getStaffScope();
    const children = tree.roots.flatMap((root) => root.children);
    return [
      { id: actingOrg.id, name: actingOrg.name },
      ...children.filter((c) => c.id !== actingOrg.id).map((c) => ({ id: c.id, name: c.name })),
    ];
  }, []);
}
