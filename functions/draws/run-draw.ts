import { contract } from '../../shared/contract';
import { beijingDisplay } from '../../shared/beijing-time';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getActivity } from '../tables/activities';
import { runDraw } from '../tables/draws';

/**
 * 开始摇号, after the close (staff of the activity's org or above). Again → the same order and
 * nothing allocated twice (drawnNow false). A run cut short by time is finished by the sweeper.
 */
export const handler = defineHandler(contract.runDraw, async ({ params }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  if (activity.allocation !== 'draw') throw conflict('这个活动是先到先得，不用摇号');
  if (new Date().toISOString() <= activity.signupClosesAt)
    throw conflict(`报名截止后才能摇号：报名截止时间为 ${beijingDisplay(activity.signupClosesAt)}（北京时间）`);
  const { draw, drawnNow } = await runDraw(activity);
  if (drawnNow)
    await recordAudit({
      principal,
      org,
      kind: 'draw.run',
      object: { type: 'activity', id: activity.id, label: activity.title },
      summary: `「${activity.title}」摇号：${draw.applicants ?? 0} 个报名，${draw.won ?? 0} 个中签（${draw.placesWon ?? 0} 个名额），${draw.waitlisted ?? 0} 个候补`,
    });
  return {
    activityId: activity.id,
    applicants: draw.applicants ?? 0,
    won: draw.won ?? 0,
    placesWon: draw.placesWon ?? 0,
    waitlisted: draw.waitlisted ?? 0,
    drawnNow,
  };
});
