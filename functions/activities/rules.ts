import type { ActivityRecord } from '../tables/activities';
import type { MemberRecord } from '../tables/members';
import type { Org } from '../../shared/schemas/org';
import { beijingDisplay as beijing } from '../../shared/beijing-time';
import { DomainError } from '../lib/errors';

/** 409 naming the window when sign-up is not open now. */
export function assertWindow(a: ActivityRecord, now = new Date()): void {
  const t = now.toISOString();
  if (t < a.signupOpensAt)
    throw new DomainError('conflict', `报名还没开始：${beijing(a.signupOpensAt)} 至 ${beijing(a.signupClosesAt)}（北京时间）`);
  if (t > a.signupClosesAt)
    throw new DomainError('conflict', `报名已截止：报名时间为 ${beijing(a.signupOpensAt)} 至 ${beijing(a.signupClosesAt)}（北京时间）`);
}

/** The first rule the member does not meet, in Chinese, or null. */
export function whyNot(a: ActivityRecord, member: MemberRecord | null, memberOrg: Org | null, children?: { age: number }[]): string | null {
  const rules = a.eligibility;
  if (rules.activeMember && (!member || member.status !== 'active'))
    return member ? '仅限已入会会员（您的入会申请还在审核中）' : '仅限工会会员，扫码入会后即可报名';
  if (rules.subtreeOnly && (!memberOrg || !memberOrg.path.includes(a.orgId))) return '仅限本工会及下级工会的会员';
  if (rules.newEmploymentOnly && !member?.newEmploymentForm) return '仅限新就业形态劳动者（快递员、外卖配送员、网约车司机、货车司机）';
  if (rules.womenOnly && member?.gender !== 'female') return member?.gender ? '仅限女职工' : '仅限女职工（请先在「我的」里补填性别）';
  if (rules.children && children !== undefined) {
    if (children.length === 0) return '请填写孩子的姓名和年龄，每个孩子占一个名额';
    const { minAge, maxAge } = rules.children;
    if (children.some((c) => c.age < minAge || c.age > maxAge)) return `孩子年龄须在 ${minAge} 到 ${maxAge} 岁之间`;
    if (children.length > a.perMemberLimit) return `每位会员最多为 ${a.perMemberLimit} 个孩子报名`;
  }
  return null;
}
