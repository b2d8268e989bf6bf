import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { readCardToken } from '../lib/member-card-key';
import { assertInScope } from '../orgs/scope';
import { getActivity } from '../tables/activities';
import { findUserIdByMemberNo, findUserIdByPhone } from '../tables/members';
import { getUser } from '../tables/users';
import { signUpMember } from './sign-up';

/**
 * At the stall: staff scan a worker's member card (or type the worker's phone number when the card
 * will not scan) and sign them up in one tap; recorded as theirs.
 */
export const handler = defineHandler(contract.registerOnSite, async ({ params, body }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  await assertInScope(principal, activity.orgId);
  const memberNo = body.cardToken ? await readCardToken(body.cardToken) : null;
  const memberId = body.mobile ? await findUserIdByPhone(body.mobile) : memberNo ? await findUserIdByMemberNo(memberNo) : null;
  if (!memberId) throw notFound(body.mobile ? '这个手机号还没有入会，请先让职工扫码入会' : '无法识别会员卡（二维码可能已过期），请让职工刷新会员卡后再扫');
  const staffName = (await getUser(principal.userId))?.displayName ?? '工作人员';
  return signUpMember(activity.id, memberId, body.children, `${staffName} ${new Date().toISOString()}`);
});
