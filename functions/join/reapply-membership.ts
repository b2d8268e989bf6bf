import { contract } from '../../shared/contract';
import { newEmploymentForms } from '../../shared/schemas/membership';
import { DomainError, gone, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { exchangePhoneCode } from '../lib/auth/wechat-phone';
import { getOrg } from '../tables/orgs';
import { getMember, reapplyMember } from '../tables/members';
import { ownMembership } from './views';

/**
 * 修改后重新提交: a returned (退回) application, corrected by its member from 我的, goes back to the
 * same org's review queue as a new submission, through the same join code (its figures: one join
 * still, rejected −1, pending +1). No code needed: it may have expired since. A repeat (double tap,
 * retry) finds the application pending and shows it as it is (resubmitted: false); so does a
 * membership that was never returned.
 */
export const handler = defineHandler(contract.reapplyMembership, async ({ body }, { principal, log }) => {
  const member = await getMember(principal.userId);
  if (!member) throw notFound('没有找到您的入会申请，请扫描工会的入会二维码申请入会');
  const org = await getOrg(member.orgId);
  if (member.status !== 'rejected') return { membership: ownMembership(member, org?.name ?? ''), resubmitted: false };
  if (!org || org.status === 'closed') throw gone('您申请的工会已撤销，请扫描工作人员出示的新入会码重新申请');
  const mobile = body.mobile ?? (await exchangePhoneCode(body.phoneCode!));
  const now = new Date().toISOString();
  const result = await reapplyMember(
    member,
    {
      name: body.name,
      mobile,
      employer: body.employer,
      occupation: body.occupation,
      newEmploymentForm: newEmploymentForms.includes(body.occupation),
      ...(body.gender ? { gender: body.gender } : {}),
      orgId: member.orgId,
      status: 'pending',
      joinedAt: now,
      codeId: member.codeId,
      eventTitle: member.eventTitle,
      ...(member.eventId ? { eventId: member.eventId } : {}),
      cardRequest: member.cardRequest === 'issued' ? 'issued' : body.wantsMutualAidCard ? 'requested' : 'none',
    },
    [{ at: now, what: '修改后重新提交入会申请' }],
    org.path,
  );
  if ('phoneTaken' in result) {
    const message = '这个手机号已被其他会员使用，如有疑问请联系工会工作人员';
    throw new DomainError('conflict', message, { mobile: [message] });
  }
  if ('gone' in result) throw notFound('您的入会申请已不在了（退回的申请保存 180 天），请扫描工会的入会二维码重新申请');
  const saved = 'reapplied' in result ? result.reapplied : result.existing;
  if ('reapplied' in result) log.info('rejoined', { orgId: saved.orgId, codeId: saved.codeId });
  return { membership: ownMembership(saved, org.name), resubmitted: 'reapplied' in result };
});
