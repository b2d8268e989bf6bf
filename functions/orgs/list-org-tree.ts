import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { CITY_SCOPE, getOrg } from '../tables/orgs';
import { oneLevel } from './one-level';

/** One level of the tree: the city union (or `under`) and its first page of children. */
export const handler = defineHandler(contract.listOrgTree, async ({ query }) => {
  const root = await getOrg(query.under ?? CITY_SCOPE);
  if (!root) {
    if (query.under) throw notFound('找不到这个组织');
    return { roots: [], count: 0 };
  }
  return oneLevel(root);
});
