import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { readCardToken } from '../lib/member-card-key';
import { assertInScope } from '../orgs/scope';
import { getActivity } from '../tables/activities';
import { findUserIdByMemberNo } from '../tables/members';
import { getUser } from '../tables/users';
import { signUpMember } from './sign-up';

/** At the stall: staff scan a worker's member card and sign them up in one tap; recorded as theirs. */
export const handler = defineHandler(contract.registerOnSite, async ({ params, body }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  await assertInScope(principal, activity.orgId);
  const memberNo = await readCardToken(body.cardToken);
  const memberId = memberNo ? await findUserIdByMemberNo(memberNo) : null;
  if (!memberId) throw notFound('无法识别会员卡（二维码可能已过期），请让职工刷新会员卡后再扫');
  const staffName = (await getUser(principal.userId))?.displayName ?? '工作人员';
  return signUpMember(activity.id, memberId, body.children, `${staffName} ${new Date().toISOString()}`);
});
