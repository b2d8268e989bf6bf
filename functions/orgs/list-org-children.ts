import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrg, listChildren } from '../tables/orgs';

/** One page of an org's children (≤ 50): one GetItem for the 404, one Query. */
export const handler = defineHandler(contract.listOrgChildren, async ({ params, query }) => {
  const [org, page] = await Promise.all([getOrg(params.orgId), listChildren(params.orgId, query.cursor)]);
  if (!org) throw notFound('找不到这个组织');
  return page;
});
