import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrgByCode } from '../tables/orgs';

export const handler = defineHandler(contract.getOrgByCode, async ({ params }) => {
  const org = await getOrgByCode(params.code);
  if (!org) throw notFound('找不到这个组织代码');
  return org;
});
