import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getActivity } from '../tables/activities';
import { putPardon } from '../tables/draws';
import { findUserIdByMemberNo, getMember } from '../tables/members';
import { getUser } from '../tables/users';

/**
 * 准许参加: staff let a member barred by the no-show rule enter this activity's draw, with a reason
 * (audited). The pardon holds for this activity only; only while it has the rule and is not drawn
 * yet (after that it would change nothing: 409).
 */
export const handler = defineHandler(contract.pardonNoShow, async ({ params, body }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  if (activity.allocation !== 'draw') throw conflict('这个活动是先到先得，没有摇号限制');
  if (!activity.noShow) throw conflict('这个活动没有未签到限制，不用准许');
  if (activity.draw?.drawnAt) throw conflict('已经摇号，准许参加不再起作用');
  const memberId = await findUserIdByMemberNo(body.memberNo);
  const member = memberId ? await getMember(memberId) : null;
  if (!memberId || !member) throw notFound('找不到这个会员号');
  const staffName = (await getUser(principal.userId))?.displayName ?? '工作人员';
  await putPardon(activity.id, memberId, body.reason, staffName);
  const name = maskName(member.name);
  await recordAudit({
    principal,
    org,
    kind: 'draw.pardon',
    object: { type: 'signup', id: `${activity.id}/${memberId}`, label: name },
    summary: `准许 ${name} 参加「${activity.title}」摇号（未签到限制），原因：${body.reason}`,
  });
  return { memberNo: member.memberNo, name, message: `已准许 ${name} 参加本次摇号` };
});
