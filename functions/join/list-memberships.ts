import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { orgsInScope } from '../orgs/scope';
import { listMembersByQueue } from '../tables/members';
import { summaryFor } from './views';

export const handler = defineHandler(contract.listMemberships, async ({ query }, { principal }) => {
  const orgs = await orgsInScope(principal);
  const members = (await Promise.all(orgs.map((o) => listMembersByQueue(o.id, query.status)))).flat();
  return { members: members.sort((a, b) => b.joinedAt.localeCompare(a.joinedAt)).map((m) => summaryFor(principal, m)) };
});
