import { contract } from '../../shared/contract';
import { conflict, notFound } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getActivity, setCapacity } from '../tables/activities';
import { activityView } from './views';

export const handler = defineHandler(contract.setActivityCapacity, async ({ params, body }, { principal }) => {
  const activity = await getActivity(params.activityId);
  if (!activity) throw notFound('找不到这个活动');
  const org = await assertInScope(principal, activity.orgId);
  const outcome = await setCapacity(activity, body.capacity);
  if ('belowConfirmed' in outcome) throw conflict(`名额不能少于已占用的 ${outcome.belowConfirmed} 个（已报名和候补到位待确认的）`);
  if ('limitKind' in outcome)
    throw conflict(activity.capacity === null ? '不限名额的活动不能改为限额，请另行发布' : '限额活动不能改为不限名额，请把名额调大');
  if ('busy' in outcome) throw conflict('报名正忙，名额没有改动，请稍后再试');
  // the same number again (a retried tap) changes nothing: nothing new to record
  if (activity.capacity !== body.capacity) {
    await recordAudit({
      principal,
      org,
      kind: 'activity.capacity',
      object: { type: 'activity', id: activity.id, label: activity.title },
      summary: `「${activity.title}」名额 ${activity.capacity ?? '不限'} → ${body.capacity ?? '不限'}`,
    });
  }
  return activityView((await getActivity(activity.id, true))!, org.name);
});
