import { contract } from '../../shared/contract';
import { conflict, gone, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { activityStatsPath, getActivity } from '../tables/activities';
import { confirmOffer, waitlistPosition } from '../tables/signups';
import { signupView } from './views';

/**
 * Takes an offered place. Each refusal names the real reason: nothing to confirm, not your turn
 * yet, or too late. Confirming twice (a double tap, a retry after a lost answer) answers the
 * confirmed sign-up again.
 */
export const handler = defineHandler(contract.confirmOffer, async ({ params }, { principal }) => {
  // the place taken is counted on the activity's org, its ancestors and its event (stats)
  const activity = await getActivity(params.activityId);
  const outcome = await confirmOffer(params.activityId, principal.userId, new Date(), activity ? await activityStatsPath(activity) : []);
  if ('confirmed' in outcome) return signupView(outcome.confirmed);
  if ('already' in outcome) return signupView(outcome.already);
  if ('missing' in outcome) throw notFound('您没有报名这个活动');
  if ('late' in outcome) throw gone('确认时间已过，名额已顺延给下一位');
  const s = outcome.notOffered;
  if (s.status === 'waitlisted') throw conflict(`还没有轮到您：您在候补第 ${await waitlistPosition(s)} 位，有名额时会通知您确认`);
  throw conflict('您已取消报名；如需参加，请重新报名');
});
