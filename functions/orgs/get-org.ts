import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrg, getOrgs, listChildren } from '../tables/orgs';

export const handler = defineHandler(contract.getOrg, async ({ params }) => {
  const org = await getOrg(params.orgId);
  if (!org) throw notFound('找不到这个组织');
  const [ancestors, page] = await Promise.all([getOrgs(org.path.slice(0, -1)), listChildren(org.id)]);
  return { org, ancestors, children: page.orgs, childrenCursor: page.nextCursor };
});
