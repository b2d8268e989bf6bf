import { beijingDate, beijingDay } from '../../shared/beijing-time';
import { DomainError, conflict, forbidden, notFound } from '../lib/errors';
import type { ActivityRecord } from '../tables/activities';
import { getClaim, type ClaimRecord } from '../tables/claims';
import { getMember } from '../tables/members';
import { getOrg } from '../tables/orgs';
import { getSignup } from '../tables/signups';

/** What a member who is not covered by the plan is told (a confirmed sign-up is the cover). */
export const NOT_ENROLLED = '未参加这个互助保障计划，不能申请理赔';
const CLAIM_NOT_FOUND = '找不到这笔理赔';

/** A plan with claim rules, or a 409 saying why not (404 when there is no such activity). */
export function planRules(activity: ActivityRecord | null): { activity: ActivityRecord; rules: NonNullable<ActivityRecord['claimRules']> } {
  if (!activity) throw notFound('找不到这个互助保障计划');
  if (activity.category !== 'plan') throw conflict('这个活动不是互助保障计划，不能申请理赔');
  if (!activity.claimRules) throw conflict('这个互助保障计划还没有设定理赔规则，请联系所在工会');
  return { activity, rules: activity.claimRules };
}

/**
 * Whether the member is covered (a membership and a confirmed sign-up for the plan): their org
 * path and the Beijing date they enrolled (signed up) when so, else the reason in Chinese. Two
 * GetItems and the org.
 */
export async function coverOf(
  activityId: string,
  memberId: string,
): Promise<{ covered: true; memberOrgId: string; memberOrgPath: string[]; enrolledOn: string } | { covered: false; whyNot: string }> {
  const [member, signup] = await Promise.all([getMember(memberId), getSignup(activityId, memberId)]);
  if (!member || !signup || signup.status !== 'confirmed') return { covered: false, whyNot: NOT_ENROLLED };
  const org = await getOrg(member.orgId);
  if (!org) return { covered: false, whyNot: NOT_ENROLLED };
  return { covered: true, memberOrgId: org.id, memberOrgPath: [...org.path], enrolledOn: beijingDate(signup.createdAt) };
}

export const refuseUncovered = (whyNot: string) => forbidden(whyNot);

/** Today in Beijing (yyyy-mm-dd). */
export const beijingToday = (now = new Date()) => beijingDate(now);

/** An event after today in Beijing (at 00:30 Beijing, today is already the new day): the refusal beside eventDate. */
export function futureEventDate(eventDate: string, now = new Date()): string | null {
  return eventDate > beijingToday(now) ? '事发日期不能晚于今天' : null;
}

/** An event before the member enrolled in the plan is not covered: the refusal (403). */
export const beforeEnrolment = (eventDate: string, enrolledOn: string): string | null =>
  eventDate < enrolledOn ? `事发日期早于您参加本计划的日期（${beijingDay(enrolledOn)}），不能申请理赔` : null;

/** The Beijing day the plan starts (its `startsAt`): cover begins then. */
export const planStartsOn = (activity: Pick<ActivityRecord, 'startsAt'>) => beijingDate(activity.startsAt);

/** An event before the plan started is not covered, whenever the member enrolled: the refusal (403). */
export const beforePlanStart = (eventDate: string, startsOn: string): string | null =>
  eventDate < startsOn ? `事发日期早于本计划开始的日期（${beijingDay(startsOn)}），不能申请理赔` : null;

/** The member's own claim; anyone else's (or none) is the same 404: a claim's existence is not revealed. */
export async function ownClaim(memberId: string, claimId: string): Promise<ClaimRecord> {
  const claim = await getClaim(claimId);
  if (!claim || claim.memberId !== memberId) throw notFound(CLAIM_NOT_FOUND);
  return claim;
}

/** Pages are added or taken out only while the member is collecting them (draft) or asked for more. */
export function assertCollecting(claim: ClaimRecord): void {
  if (claim.status !== 'draft' && claim.status !== 'needs-more') {
    throw conflict('这笔理赔已提交审核，材料不能再修改；工作人员要求补充时可以再添加');
  }
}

/** The checklist item `item` of the claim, or a 400 beside `field`. */
export function checklistItem(claim: ClaimRecord, item: string, field = 'item') {
  const rule = claim.checklist.find((r) => r.code === item);
  if (!rule) {
    const message = '这项材料不在本次理赔的清单里';
    throw new DomainError('bad_request', message, { [field]: [message] });
  }
  return rule;
}

/** A 400 beside `item` when its slot already holds its most pages. */
export function assertRoom(claim: ClaimRecord, item: string, field = 'item'): void {
  const rule = checklistItem(claim, item, field);
  if ((claim.slots[item]?.pages.length ?? 0) >= rule.maxPages) {
    const message = `「${rule.label}」最多 ${rule.maxPages} 页，请先删除不需要的页`;
    throw new DomainError('bad_request', message, { [field]: [message] });
  }
}
