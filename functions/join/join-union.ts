import { contract } from '../../shared/contract';
import { newEmploymentForms } from '../../shared/schemas/membership';
import { DomainError } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { exchangePhoneCode } from '../lib/auth/wechat-phone';
import { getOrg } from '../tables/orgs';
import { createMember, reapplyMember, type CreateResult, type Reapplication, type ReapplyResult } from '../tables/members';
import { usableCode } from './join-code-access';
import { ownMembership } from './views';

/**
 * One screen, one request: the membership exists when this answers (pending, or active where the
 * code approves automatically). Submitting again returns the same membership. A returned (退回)
 * application is replaced by this one, corrected, in this code's org (tables/members.ts reapplyMember).
 */
export const handler = defineHandler(contract.joinUnion, async ({ params, body }, { principal, log }) => {
  const code = await usableCode(params.token);
  const codeOrg = await getOrg(code.orgId);
  if (!codeOrg) throw new DomainError('not_found', '这个入会码所属的工会已不存在，请向现场工作人员索取新的二维码');
  const mobile = body.mobile ?? (await exchangePhoneCode(body.phoneCode!));
  const now = new Date().toISOString();
  const status = code.autoApprove ? 'active' : 'pending';
  const application: Reapplication = {
    name: body.name,
    mobile,
    employer: body.employer,
    occupation: body.occupation,
    newEmploymentForm: newEmploymentForms.includes(body.occupation),
    ...(body.gender ? { gender: body.gender } : {}),
    orgId: code.orgId,
    status,
    joinedAt: now,
    codeId: code.id,
    eventTitle: code.event?.title,
    // a stall's code of an outreach event: the join counts on the event too (tables/members.ts)
    ...(code.eventId ? { eventId: code.eventId } : {}),
    cardRequest: body.wantsMutualAidCard ? 'requested' : 'none',
  };
  const approvedToo = status === 'active' ? [{ at: now, what: '自动审核通过，已入会' }] : [];
  const where = code.event ? `在「${code.event.title}」扫码` : '扫码';
  const create = () =>
    createMember(
      { ...application, userId: principal.userId, history: [{ at: now, what: `${where}提交入会申请` }, ...approvedToo] },
      codeOrg.path,
    );
  let result: CreateResult | ReapplyResult = await create();
  let resubmitted = false;
  if ('existing' in result && result.existing.status === 'rejected') {
    // a returned application, corrected: sent again in one transaction (a card issued stays issued)
    const before = result.existing;
    result = await reapplyMember(
      before,
      { ...application, cardRequest: before.cardRequest === 'issued' ? 'issued' : application.cardRequest },
      [{ at: now, what: `${where}修改后重新提交入会申请` }, ...approvedToo],
      codeOrg.path,
    );
    if ('gone' in result) result = await create(); // deleted meanwhile (retention, 注销): a new one
    resubmitted = 'reapplied' in result;
  }
  if ('phoneTaken' in result) {
    const message = '这个手机号已被其他会员使用，如有疑问请联系现场工作人员';
    throw new DomainError('conflict', message, { mobile: [message] });
  }
  if ('gone' in result) throw new Error('membership vanished while joining');
  const member = 'created' in result ? result.created : 'reapplied' in result ? result.reapplied : result.existing;
  const created = 'created' in result || 'reapplied' in result;
  if (created) log.info(resubmitted ? 'rejoined' : 'joined', { orgId: member.orgId, codeId: code.id, status });
  const org = member.orgId === codeOrg.id ? codeOrg : await getOrg(member.orgId);
  return { membership: ownMembership(member, org?.name ?? ''), created };
});
