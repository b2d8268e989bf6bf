import { contract } from '../../shared/contract';
import { beijingDisplay } from '../../shared/beijing-time';
import { maskName } from '../../shared/schemas/common';
import { recordAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { readCardToken } from '../lib/member-card-key';
import { readTicket } from '../lib/ticket';
import { assertInScope } from '../orgs/scope';
import { getActivity } from '../tables/activities';
import { markAttended } from '../tables/draws';
import { findUserIdByMemberNo } from '../tables/members';
import { checkIn } from '../tables/signups';
import { getUser } from '../tables/users';

/** Scan a ticket (or a member card): one clear answer for the staff member at the door. */
export const handler = defineHandler(contract.checkIn, async ({ params, body }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  // a scanned ticket or member card, or a member number picked from the search by name or phone
  const ticket = body.ticket ? await readTicket(body.ticket) : null;
  let memberId = ticket?.memberId ?? null;
  if (ticket && ticket.activityId !== activity.id) return { result: 'wrong-activity' as const, message: '这是其他活动的入场票' };
  if (!ticket) {
    const memberNo = body.memberNo ?? (await readCardToken(body.ticket!));
    memberId = memberNo ? await findUserIdByMemberNo(memberNo) : null;
  }
  if (!memberId) return { result: 'not-found' as const, message: '无法识别这个二维码（可能已过期），请让职工刷新后再扫' };
  const staffName = (await getUser(principal.userId))?.displayName ?? '工作人员';
  // counted on the activity's org path, and on its outreach event when it names one (stats `activities`)
  const eventId = (activity as { eventId?: unknown }).eventId;
  const statsPath = typeof eventId === 'string' ? [...org.path, eventId] : org.path;
  const outcome = await checkIn(activity.id, memberId, staffName, { statsPath });
  if ('stepFailed' in outcome) throw new Error('check-in has no steps of its own');
  if ('missing' in outcome) return { result: 'not-signed-up' as const, message: '这位职工没有报名本活动' };
  // only the first check-in is recorded: a second scan answers 已签到 and adds nothing
  if ('done' in outcome) {
    // a won place of a draw: attended, so it never counts against the no-show rule
    if (activity.allocation === 'draw') await markAttended(activity, memberId, new Date(outcome.done.checkedInAt!));
    const name = maskName(outcome.done.memberName);
    await recordAudit({
      principal,
      org,
      kind: 'signup.checkin',
      object: { type: 'signup', id: `${activity.id}/${memberId}`, label: name },
      summary: `${name} 签到「${activity.title}」`,
    });
    return { result: 'checked-in' as const, message: '签到成功', name, at: outcome.done.checkedInAt };
  }
  if ('already' in outcome) {
    const s = outcome.already;
    // idempotent: a retry after a check-in whose marking failed marks the won place now
    if (activity.allocation === 'draw') await markAttended(activity, memberId, new Date(s.checkedInAt!));
    return {
      result: 'already' as const,
      message: `已签到（${beijingDisplay(s.checkedInAt!)}，${s.checkedInBy}）`,
      name: maskName(s.memberName),
      at: s.checkedInAt,
      by: s.checkedInBy,
    };
  }
  const s = outcome.notLive;
  return s.status === 'cancelled' || s.status === 'expired'
    ? { result: 'cancelled' as const, message: '这个报名已取消', name: maskName(s.memberName) }
    : {
        result: 'not-signed-up' as const,
        message: s.status === 'waitlisted' ? '这位职工还在候补中，没有名额' : '这位职工的候补名额还没确认',
        name: maskName(s.memberName),
      };
});
