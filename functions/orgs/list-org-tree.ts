import { contract } from '../../shared/contract';
import { buildOrgTree } from '../../shared/org-tree';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrg, listSubtree } from '../tables/orgs';

export const handler = defineHandler(contract.listOrgTree, async ({ query }) => {
  const root = query.under ? await getOrg(query.under) : undefined;
  if (query.under && !root) throw notFound('找不到这个组织');
  return buildOrgTree(await listSubtree(root ?? undefined));
});
