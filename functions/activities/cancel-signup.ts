import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getActivity } from '../tables/activities';
import { release } from '../tables/signups';
import { signupView } from './views';

export const handler = defineHandler(contract.cancelSignup, async ({ params }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const s = await release(activity, principal.userId, 'cancelled');
  if (!s) throw notFound('您没有报名这个活动');
  return signupView(s);
});
