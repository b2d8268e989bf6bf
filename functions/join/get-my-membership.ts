import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { getOrg } from '../tables/orgs';
import { getMember } from '../tables/members';
import { ownMembership } from './views';

export const handler = defineHandler(contract.getMyMembership, async (_input, { principal }) => {
  const member = await getMember(principal.userId);
  if (!member) return { membership: null };
  return { membership: ownMembership(member, (await getOrg(member.orgId))?.name ?? '') };
});
