import { contract } from '../../shared/contract';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getActivity, setCapacity } from '../tables/activities';
import { activityView } from './views';

export const handler = defineHandler(contract.setActivityCapacity, async ({ params, body }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  if (!(await setCapacity(activity.id, body.capacity))) throw conflict(`名额不能少于已报名的 ${activity.confirmed} 人`);
  return activityView((await getActivity(activity.id, true))!, org.name);
});
