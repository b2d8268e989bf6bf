import { contract } from '../../shared/contract';
import { DomainError, forbidden } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getActivityItem } from '../tables/activities';
import { beijingDay } from '../../shared/beijing-time';
import { claimDeadline, claimView, startClaim } from '../tables/claims';
import { beforeEnrolment, beforePlanStart, beijingToday, coverOf, futureEventDate, planRules, planStartsOn } from './member-claim';

/**
 * Starts a claim as a draft: only with the separate health-data consent (its version is checked by
 * the schema and recorded with the time), for an event the plan pays for, on a day not in the future
 * (Beijing) and within the plan's deadline, on or after the day the plan starts, by a member covered
 * by the plan since on or before that day (the sign-up's Beijing date). The event's checklist is copied
 * onto the claim. A retry with the same clientRequestId answers the same draft (created: false).
 */
export const handler = defineHandler(contract.startClaim, async ({ body }, { principal, log }) => {
  const { activity, rules } = planRules(await getActivityItem(body.activityId));
  const event = rules.events.find((e) => e.code === body.event);
  if (!event) {
    const message = '这个互助保障计划不赔付这个事项，请从列表中选择';
    throw new DomainError('bad_request', message, { event: [message] });
  }
  const now = new Date();
  const today = beijingToday(now);
  const future = futureEventDate(body.eventDate, now);
  if (future) throw new DomainError('bad_request', future, { eventDate: [future] });
  const deadline = claimDeadline(body.eventDate, rules.deadlineDays);
  if (today > deadline) throw forbidden(`事发已超过 ${rules.deadlineDays} 天的申请期限（截至 ${beijingDay(deadline)}）`);
  const cover = await coverOf(activity.id, principal.userId);
  if (!cover.covered) throw forbidden(cover.whyNot);
  const early = beforePlanStart(body.eventDate, planStartsOn(activity)) ?? beforeEnrolment(body.eventDate, cover.enrolledOn);
  if (early) throw forbidden(early);
  const { claim, created } = await startClaim(
    {
      activityId: activity.id,
      planTitle: activity.title,
      planOrgId: activity.orgId,
      memberId: principal.userId,
      memberOrgId: cover.memberOrgId,
      memberOrgPath: cover.memberOrgPath,
      event: event.code,
      eventLabel: event.label,
      eventDate: body.eventDate,
      deadline,
      checklist: event.items.map((i) => ({
        code: i.code,
        label: i.label,
        ...(i.hint ? { hint: i.hint } : {}),
        required: i.required,
        maxPages: i.maxPages,
      })),
      consentVersion: body.consentVersion,
      consentAt: now.toISOString(),
    },
    body.clientRequestId,
  );
  // no event code: which illness a member claims for is health data
  log.info(created ? 'claim started' : 'claim start replayed', { claimId: claim.id, activityId: activity.id });
  return { claim: await claimView(claim), created };
});
