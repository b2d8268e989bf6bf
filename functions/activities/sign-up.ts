import { contract } from '../../shared/contract';
import { DomainError, forbidden, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getMember } from '../tables/members';
import { getOrg } from '../tables/orgs';
import { noShowBars } from '../tables/draws';
import { applyForDraw, signUp } from '../tables/signups';
import { activityForSignup } from './activity-cache';
import { assertWindow, whyNot } from './rules';
import { signupView } from './views';

/** Shared by the member's own sign-up and staff registering a worker on the spot. */
export async function signUpMember(
  activityId: string,
  memberUserId: string,
  children: { name: string; age: number }[] | undefined,
  registeredBy?: string,
) {
  const activity = await activityForSignup(activityId);
  if (!activity) throw notFound('找不到这个活动');
  assertWindow(activity);
  const member = await getMember(memberUserId);
  const memberOrg = member ? await getOrg(member.orgId) : null;
  const reason = whyNot(activity, member, memberOrg, activity.eligibility.children ? (children ?? []) : undefined);
  if (reason) throw forbidden(reason);
  // a draw (摇号): an application, no place yet; the no-show rule may bar the member
  const draw = activity.allocation === 'draw';
  if (draw) {
    if (activity.draw?.drawnAt) throw new DomainError('conflict', '已经摇号，不再接受报名');
    const barred = (await noShowBars(memberUserId, [activity])).get(activity.id);
    if (barred) throw forbidden(barred);
  }
  const outcome = await (draw ? applyForDraw : signUp)(activity, {
    activityId: activity.id,
    memberId: memberUserId,
    memberName: member?.name ?? '',
    memberNo: member?.memberNo ?? '',
    phoneTail: member?.mobile.slice(-4),
    activityTitle: activity.title,
    places: activity.eligibility.children ? children!.length : 1,
    children: activity.eligibility.children ? children! : [],
    registeredBy,
  });
  if ('full' in outcome) throw new DomainError('conflict', '名额已满，本活动不设候补');
  // one entry per member and activity: a repeat with other children is not a replay, so say so
  const sameChildren = (a: { name: string }[], b: { name: string }[]) =>
    a
      .map((c) => c.name)
      .sort()
      .join('、') ===
    b
      .map((c) => c.name)
      .sort()
      .join('、');
  if (!outcome.created && activity.eligibility.children && children && !sameChildren(outcome.signup.children, children)) {
    throw new DomainError(
      'conflict',
      `您已为${outcome.signup.children.map((c) => c.name).join('、')}报名；要改报或加报孩子，请先取消，再一起报名`,
    );
  }
  // memberName: for the staff route's audit entry (masked there); the reply's schema drops it
  return { signup: await signupView(outcome.signup), created: outcome.created, memberName: outcome.signup.memberName };
}

export const handler = defineHandler(contract.signUp, async ({ params, body }, { principal }) =>
  signUpMember(params.activityId, principal.userId, body.children),
);
