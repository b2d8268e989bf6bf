import { contract } from '../../shared/contract';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrg } from '../tables/orgs';
import { getMember, requestTransfer } from '../tables/members';
import { transferView } from './transfer-view';

export const handler = defineHandler(contract.requestTransfer, async ({ body }, { principal }) => {
  const member = await getMember(principal.userId);
  if (!member) throw notFound('您还不是会员，扫码入会即可');
  if (member.orgId === body.toOrgId) throw conflict('您已经是这个工会的会员');
  const [from, to] = await Promise.all([getOrg(member.orgId), getOrg(body.toOrgId)]);
  if (!to) throw notFound('找不到要转入的工会');
  const now = new Date().toISOString();
  const transfer = await requestTransfer(
    {
      id: `tr-${member.memberNo}`,
      userId: member.userId,
      memberNo: member.memberNo,
      name: member.name,
      fromOrgId: member.orgId,
      toOrgId: to.id,
      status: 'pending',
      requestedAt: now,
    },
    to.path,
  );
  return transferView(principal, transfer, from?.name ?? '', to.name);
});
