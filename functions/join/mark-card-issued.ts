import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getMember, markCardIssued } from '../tables/members';
import { getUser } from '../tables/users';
import { summaryFor } from './views';

export const handler = defineHandler(contract.markCardIssued, async ({ params }, { principal }) => {
  const member = await getMember(params.memberId);
  if (!member) throw notFound('找不到这位会员');
  const org = await assertInScope(principal, member.orgId);
  if (member.cardRequest === 'none') throw conflict('这位会员没有申请互助服务卡');
  const by = (await getUser(principal.userId))?.displayName ?? '工作人员';
  const issued = (await markCardIssued(member.userId, { at: new Date().toISOString(), what: '互助服务卡已发放', by }))!;
  // a repeated tap finds the card already issued: nothing new to record
  if (member.cardRequest === 'requested' && issued.cardRequest === 'issued') {
    const name = maskName(member.name);
    await recordAudit({
      principal,
      org,
      kind: 'member.card',
      object: { type: 'member', id: member.userId, label: name },
      summary: `为 ${name} 发放互助服务卡`,
    });
  }
  return summaryFor(principal, issued);
});
