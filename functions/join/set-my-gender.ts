import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrg } from '../tables/orgs';
import { setGender } from '../tables/members';
import { ownMembership } from './views';

/** Members who joined without giving a gender fill it in when a 女职工 benefit asks for it. */
export const handler = defineHandler(contract.setMyGender, async ({ body }, { principal }) => {
  const member = await setGender(principal.userId, body.gender);
  if (!member) throw notFound('您还没有入会，请先扫码入会');
  return { membership: ownMembership(member, (await getOrg(member.orgId))?.name ?? '') };
});
