import { contract } from '../../shared/contract';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getMember, markCardIssued } from '../tables/members';
import { getUser } from '../tables/users';
import { summaryFor } from './views';

export const handler = defineHandler(contract.markCardIssued, async ({ params }, { principal }) => {
  const member = await getMember(params.memberId);
  if (!member) throw notFound('找不到这位会员');
  await assertInScope(principal, member.orgId);
  if (member.cardRequest === 'none') throw conflict('这位会员没有申请互助服务卡');
  const by = (await getUser(principal.userId))?.displayName ?? '工作人员';
  return summaryFor(principal, (await markCardIssued(member.userId, { at: new Date().toISOString(), what: '互助服务卡已发放', by }))!);
});
