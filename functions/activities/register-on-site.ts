import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { recordAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { readCardToken } from '../lib/member-card-key';
import { assertInScope } from '../orgs/scope';
import { getActivity } from '../tables/activities';
import { findUserIdByMemberNo, findUserIdByPhone, getMember } from '../tables/members';
import { getOrg, isWithin } from '../tables/orgs';
import { getUser } from '../tables/users';
import { signUpMember } from './sign-up';

/**
 * A typed phone number finds only members of the staff member's own union or below, with one answer
 * for "no such member" and "someone else's member": the card needs the worker present, a number
 * does not, so it must not tell staff who any number in the city belongs to.
 */
async function phoneInScope(mobile: string, actingOrgId: string | null): Promise<string | null> {
  const userId = await findUserIdByPhone(mobile);
  const member = userId ? await getMember(userId) : null;
  const org = member ? await getOrg(member.orgId) : null;
  return org && actingOrgId && isWithin(org, actingOrgId) ? userId : null;
}

/**
 * At the stall: staff scan a worker's member card (or type the worker's phone number when the card
 * will not scan) and sign them up in one tap; recorded as theirs.
 */
export const handler = defineHandler(contract.registerOnSite, async ({ params, body }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  const memberNo = body.cardToken ? await readCardToken(body.cardToken) : null;
  const memberId = body.mobile
    ? await phoneInScope(body.mobile, principal.actingOrgId)
    : memberNo
      ? await findUserIdByMemberNo(memberNo)
      : null;
  if (!memberId)
    throw notFound(
      body.mobile
        ? '本工会及下级工会没有用这个手机号入会的会员；不是会员请先扫码入会'
        : '无法识别会员卡（二维码可能已过期），请让职工刷新会员卡后再扫',
    );
  const staffName = (await getUser(principal.userId))?.displayName ?? '工作人员';
  const { signup, created, memberName } = await signUpMember(
    activity.id,
    memberId,
    body.children,
    `${staffName} ${new Date().toISOString()}`,
  );
  // a repeated scan finds the sign-up already there: nothing new to record
  if (created) {
    const name = maskName(memberName);
    await recordAudit({
      principal,
      org,
      kind: 'signup.register',
      object: { type: 'signup', id: `${activity.id}/${memberId}`, label: name },
      summary: `现场为 ${name} 报名「${activity.title}」${body.mobile ? '（按手机号）' : '（扫会员卡）'}`,
    });
  }
  return { signup, created };
});
