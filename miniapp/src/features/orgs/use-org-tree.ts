import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';

export function useOrgTree(under?: string) {
  return useRequest(() => api.listOrgTree({ query: { under } }), [under]);
}

export function useStaffScope() {
  return useRequest(() => api.getStaffScope(), []);
}
