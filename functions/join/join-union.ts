import { contract } from '../../shared/contract';
import { newEmploymentForms } from '../../shared/schemas/membership';
import { DomainError } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { exchangePhoneCode } from '../lib/auth/wechat-phone';
import { getOrg } from '../tables/orgs';
import { createMember } from '../tables/members';
import { usableCode } from './join-code-access';
import { ownMembership } from './views';

/**
 * One screen, one request: the membership exists when this answers (pending, or active where the
 * code approves automatically). Submitting again returns the same membership.
 */
export const handler = defineHandler(contract.joinUnion, async ({ params, body }, { principal, log }) => {
  const code = await usableCode(params.token);
  const codeOrg = await getOrg(code.orgId);
  if (!codeOrg) throw new DomainError('not_found', '这个入会码所属的工会已不存在，请向现场工作人员索取新的二维码');
  const mobile = body.mobile ?? (await exchangePhoneCode(body.phoneCode!));
  const now = new Date().toISOString();
  const status = code.autoApprove ? 'active' : 'pending';
  const result = await createMember(
    {
      userId: principal.userId,
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
      cardRequest: body.wantsMutualAidCard ? 'requested' : 'none',
      history: [
        { at: now, what: code.event ? `在「${code.event.title}」扫码提交入会申请` : '扫码提交入会申请' },
        ...(status === 'active' ? [{ at: now, what: '自动审核通过，已入会' }] : []),
      ],
    },
    codeOrg.path,
  );
  if ('phoneTaken' in result) throw new DomainError('conflict', '这个手机号已被其他会员使用，如有疑问请联系现场工作人员');
  const member = 'created' in result ? result.created : result.existing;
  if ('created' in result) log.info('joined', { orgId: member.orgId, codeId: code.id, status });
  const org = member.orgId === codeOrg.id ? codeOrg : await getOrg(member.orgId);
  return { membership: ownMembership(member, org?.name ?? ''), created: 'created' in result };
});
