import { contract } from '../../shared/contract';
import { buildOrgTree } from '../../shared/org-tree';
import { forbidden } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrg, listSubtree } from '../tables/orgs';

export const handler = defineHandler(contract.getStaffScope, async (_input, { principal }) => {
  const actingOrg = principal.actingOrgId ? await getOrg(principal.actingOrgId) : null;
  if (!actingOrg) throw forbidden('您的账号还没有绑定工会组织，请联系上级工会');
  return { actingOrg, tree: buildOrgTree(await listSubtree(actingOrg)) };
});
