import { randomUUID } from 'node:crypto';
import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { putActivity, shardCountFor } from '../tables/activities';
import { activityView } from './views';

export const handler = defineHandler(contract.createActivity, async ({ body }, { principal }) => {
  const org = await assertInScope(principal, body.orgId);
  const shards = shardCountFor(body.capacity);
  const activity = {
    ...body,
    id: `ac-${randomUUID()}`,
    confirmed: 0,
    createdAt: new Date().toISOString(),
    createdBy: principal.userId,
    ...(shards ? { shards } : {}),
  };
  await putActivity(activity);
  return activityView(activity, org.name);
});
