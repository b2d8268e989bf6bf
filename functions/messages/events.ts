import { beijingDay, beijingDisplay } from '../../shared/beijing-time';
import { maskName } from '../../shared/schemas/common';
import { reportTypeLabel, type Report } from '../../shared/schemas/feedback';
import { inspectionItemLabel } from '../../shared/schemas/network';
import { roleLabel, type Role } from '../../shared/schemas/session';
import { yuan } from '../../shared/money';
import type { InboxEvent } from '../tables/inbox';

/**
 * The events members are told about (docs/notifications.md): who gets each, its key (so it is
 * recorded once per person however often the action is replayed), and its Chinese text with Beijing
 * times. Each is recorded by the action that causes it, in its transaction or with one PutItem.
 */

export function joinReviewed(
  m: { userId: string; joinedAt: string; orgName: string },
  decision: 'approve' | 'reject',
  reason: string | undefined,
  at: Date,
): InboxEvent {
  return decision === 'approve'
    ? {
        userId: m.userId,
        eventKey: `join#${m.userId}#${m.joinedAt}#approved`,
        kind: 'join.approved',
        title: '入会申请已通过',
        body: `欢迎加入${m.orgName}！您的会员卡已可使用。`,
        target: { screen: 'card' },
        facts: { org: m.orgName },
        at,
      }
    : {
        userId: m.userId,
        eventKey: `join#${m.userId}#${m.joinedAt}#returned`,
        kind: 'join.returned',
        title: '入会申请被退回',
        body: `${m.orgName}退回了您的入会申请，原因：${reason ?? '未说明'}。可修改后重新申请。`,
        target: { screen: 'card' },
        facts: { org: m.orgName, ...(reason ? { reason } : {}) },
        at,
      };
}

export function transferAccepted(t: { id: string; userId: string; requestedAt: string }, toOrgName: string, at: Date): InboxEvent {
  return {
    userId: t.userId,
    eventKey: `transfer#${t.id}#${t.requestedAt}#accepted`,
    kind: 'transfer.accepted',
    title: '组织关系转移已完成',
    body: `您的会籍已转入${toOrgName}。`,
    target: { screen: 'card' },
    facts: { org: toOrgName },
    at,
  };
}

export function offerMade(s: { activityId: string; memberId: string; activityTitle: string }, holdExpiresAt: string, at: Date): InboxEvent {
  return {
    userId: s.memberId,
    eventKey: `offer#${s.activityId}#${s.memberId}#${holdExpiresAt}`,
    kind: 'offer.made',
    title: '候补到名额了',
    body: `「${s.activityTitle}」有名额了，请在 ${beijingDisplay(holdExpiresAt)} 前确认参加，过时名额将让给下一位。`,
    // 查看 opens 我的报名 at this activity's entry, where 确认参加 is
    target: { screen: 'signups', id: s.activityId },
    facts: { activity: s.activityTitle, deadline: holdExpiresAt },
    at,
  };
}

export function offerExpiring(
  s: { activityId: string; memberId: string; activityTitle: string; holdExpiresAt: string },
  at: Date,
): InboxEvent {
  return {
    userId: s.memberId,
    eventKey: `offer-expiring#${s.activityId}#${s.memberId}#${s.holdExpiresAt}`,
    kind: 'offer.expiring',
    title: '名额即将失效',
    body: `「${s.activityTitle}」的候补名额将在 ${beijingDisplay(s.holdExpiresAt)} 失效，请尽快确认参加。`,
    target: { screen: 'signups', id: s.activityId },
    facts: { activity: s.activityTitle, deadline: s.holdExpiresAt },
    at,
  };
}

/**
 * A reminder to someone confirmed: the day before (24 h) or 2 hours before the start. The key names
 * the start time too: a time changed after a reminder went out is reminded again, with the new time.
 */
export function activityReminder(
  a: { id: string; title: string; place: string; startsAt: string },
  memberId: string,
  slot: 'day' | '2h',
  at: Date,
): InboxEvent {
  return {
    userId: memberId,
    eventKey: `reminder#${a.id}#${memberId}#${a.startsAt}#${slot}`,
    kind: 'activity.reminder',
    title: slot === 'day' ? '活动明天开始' : '活动 2 小时后开始',
    body: `您报名的「${a.title}」将于 ${beijingDisplay(a.startsAt)} 在${a.place}开始，请准时参加。如不能参加，请在我的报名中取消，把名额留给候补的工友。`,
    target: { screen: 'signups', id: a.id },
    facts: {
      activity: a.title,
      startsAt: a.startsAt,
      place: a.place,
      note: slot === 'day' ? '活动明天开始，请准时参加' : '活动2小时后开始，请准时参加',
    },
    at,
  };
}

/**
 * The reporter is told their report was resolved; for an inspection's task, the supervisor is told
 * what their inspection found was dealt with (「<station>」检查发现的问题（<item>）已处理：<note>),
 * and 查看 opens that inspection, where the item shows the resolution.
 */
export function reportResolved(r: Report & { reporterId: string }, at: Date): InboxEvent {
  if (r.source === 'inspection' && r.item) {
    const item = inspectionItemLabel[r.item];
    return {
      userId: r.reporterId,
      eventKey: `report#${r.id}#resolved`,
      kind: 'report.resolved',
      title: '您检查发现的问题已处理',
      body: `「${r.stationName}」检查发现的问题（${item}）已处理${r.resolutionNote ? `：${r.resolutionNote}${/[。！？.!?]$/.test(r.resolutionNote) ? '' : '。'}` : '。'}感谢您的监督！`,
      target: r.inspectionId ? { screen: 'inspection', id: r.inspectionId } : { screen: 'station', id: r.stationId },
      facts: { station: r.stationName, problem: item, ...(r.resolutionNote ? { note: r.resolutionNote } : {}) },
      at,
    };
  }
  return {
    userId: r.reporterId,
    eventKey: `report#${r.id}#resolved`,
    kind: 'report.resolved',
    title: '您反映的问题已处理',
    body: `「${r.stationName}」的${reportTypeLabel[r.type]}问题已处理${r.resolutionNote ? `：${r.resolutionNote}` : '。'}感谢您的反馈！`,
    target: { screen: 'station', id: r.stationId },
    facts: { station: r.stationName, problem: reportTypeLabel[r.type], ...(r.resolutionNote ? { note: r.resolutionNote } : {}) },
    at,
  };
}

export function invitationAccepted(
  inv: { id: string; invitedBy: string },
  who: { displayName: string; role: Role },
  orgName: string,
  at: Date,
): InboxEvent {
  return {
    userId: inv.invitedBy,
    eventKey: `invitation#${inv.id}#accepted`,
    kind: 'invitation.accepted',
    title: '邀请已被接受',
    body: `${maskName(who.displayName)} 接受了您的邀请，成为${orgName}的${roleLabel[who.role]}。`,
    target: { screen: 'staff' },
    at,
  };
}

/**
 * A claim's review step, told to the member (docs/claims-and-draws.md): 材料需要补充 (with each item
 * and its note), 已核准 ¥X, 已报送市总, 已赔付 ¥X, 未通过 (with the reason). The key names the claim's
 * version after the step, so the step is recorded once however often it is replayed. 查看 opens the
 * claim (我的理赔).
 */
export type ClaimReviewed =
  | { status: 'needs-more'; items: { label: string; note: string }[] }
  | { status: 'approved'; amountFen: number; note?: string }
  | { status: 'forwarded'; reference: string }
  | { status: 'paid'; paidFen: number; paidOn: string }
  | { status: 'rejected'; reason: string };

export function claimReviewed(
  c: { id: string; memberId: string; planTitle: string; eventLabel: string; version: number },
  step: ClaimReviewed,
  at: Date,
): InboxEvent {
  const what = `「${c.planTitle}」${c.eventLabel}理赔`;
  const base = {
    userId: c.memberId,
    eventKey: `claim#${c.id}#v${c.version}#${step.status}`,
    target: { screen: 'claim' as const, id: c.id },
    at,
  };
  const facts = { claim: `${c.eventLabel}理赔` };
  switch (step.status) {
    case 'needs-more': {
      const list = step.items.map((i) => `${i.label}（${i.note}）`).join('；');
      return {
        ...base,
        kind: 'claim.needs-more',
        title: '理赔材料需要补充',
        body: `您的${what}需要补充材料：${list}。请在「我的理赔」中补拍后重新提交。`,
        facts: { ...facts, note: `需补充：${step.items.map((i) => i.label).join('、')}` },
      };
    }
    case 'approved':
      return {
        ...base,
        kind: 'claim.approved',
        title: `理赔已核准 ${yuan(step.amountFen)}`,
        body: `您的${what}已核准，金额 ${yuan(step.amountFen)}${step.note ? `。${step.note}` : ''}。赔付后会再通知您。`,
        facts: { ...facts, note: `核准金额${yuan(step.amountFen)}` },
      };
    case 'forwarded':
      return {
        ...base,
        kind: 'claim.forwarded',
        title: '理赔已报送市总',
        body: `您的${what}已报送市总工会（报送编号 ${step.reference}），赔付后会再通知您。`,
        facts: { ...facts, note: '已报送市总工会，等待赔付' },
      };
    case 'paid':
      return {
        ...base,
        kind: 'claim.paid',
        title: `理赔已赔付 ${yuan(step.paidFen)}`,
        body: `您的${what}已于 ${beijingDay(step.paidOn)} 赔付 ${yuan(step.paidFen)}，请留意银行卡到账。`,
        facts: { ...facts, note: `赔付${yuan(step.paidFen)}，请留意到账` },
      };
    case 'rejected':
      return {
        ...base,
        kind: 'claim.rejected',
        title: '理赔未通过',
        body: `您的${what}未通过审核，原因：${step.reason}${/[。！？.!?]$/.test(step.reason) ? '' : '。'}如有疑问，请联系所在工会。`,
        facts: { ...facts, note: `原因：${step.reason}` },
      };
  }
}

/**
 * A draw's outcome for one applicant (docs/claims-and-draws.md "Draws"): 中签, 候补 (with the place on
 * the waiting list) or 未中签, each with the entry's position in the drawn order. Once per applicant.
 */
export function drawOutcome(
  a: { id: string; title: string },
  memberId: string,
  o:
    | { outcome: 'won'; position: number }
    | { outcome: 'waitlisted'; position: number; waitPosition: number }
    | { outcome: 'not-drawn'; position: number },
  at: Date,
): InboxEvent {
  const base = {
    userId: memberId,
    eventKey: `draw#${a.id}#${memberId}#${o.outcome}`,
    target: { screen: 'signups' as const, id: a.id },
    at,
  };
  if (o.outcome === 'won')
    return {
      ...base,
      kind: 'draw.won',
      title: '摇号中签',
      body: `「${a.title}」摇号结果：您中签了（摇号第 ${o.position} 位）。入场票在「我的报名」里；不能参加请及时取消，把名额让给候补的工友。`,
      facts: { activity: a.title, note: '摇号中签' },
    };
  if (o.outcome === 'waitlisted')
    return {
      ...base,
      kind: 'draw.waitlisted',
      title: '摇号结果：候补',
      body: `「${a.title}」摇号结果：您在候补第 ${o.waitPosition} 位（摇号第 ${o.position} 位）。有人取消时按摇号顺序递补，轮到您时会通知您确认。`,
      facts: { activity: a.title, note: `候补第 ${o.waitPosition} 位` },
    };
  return {
    ...base,
    kind: 'draw.not-drawn',
    title: '摇号结果：未中签',
    body: `「${a.title}」摇号结果：很遗憾，您未中签（摇号第 ${o.position} 位）。摇号顺序可在活动的摇号公示里查看。`,
    facts: { activity: a.title, note: '未中签' },
  };
}
