import { contract } from '../../shared/contract';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getActivity } from '../tables/activities';
import { markReleased } from '../tables/draws';
import { getSignup, release } from '../tables/signups';
import { signupView } from './views';

export const handler = defineHandler(contract.cancelSignup, async ({ params }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const now = new Date();
  if (activity.allocation === 'draw') {
    // an application is withdrawn before the close; after it the entries are fixed for the draw
    const mine = await getSignup(activity.id, principal.userId);
    if (mine?.status === 'applied' && now.toISOString() > activity.signupClosesAt)
      throw conflict('报名已截止，等待摇号，不能撤回；摇号后中签的可以取消');
  }
  const s = await release(activity, principal.userId, 'cancelled', now);
  if (!s) throw notFound('您没有报名这个活动');
  // a won place given back before the start is not a no-show (docs/claims-and-draws.md)
  if (activity.allocation === 'draw' && s.status === 'cancelled' && now.toISOString() < activity.startsAt)
    await markReleased(activity, principal.userId, now);
  return signupView(s);
});
