import { contract } from '../../shared/contract';
import { buildOrgTree } from '../../shared/org-tree';
import { defineHandler } from '../lib/http/handler';
import { listSubtree } from '../tables/orgs';
import { actingOrgOf } from './scope';

export const handler = defineHandler(contract.getStaffScope, async (_input, { principal }) => {
  const actingOrg = await actingOrgOf(principal);
  return { actingOrg, tree: buildOrgTree(await listSubtree(actingOrg)) };
});
