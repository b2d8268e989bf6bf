import { randomUUID } from 'node:crypto';
import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { linkableEvent } from '../outreach/event-link';
import { putActivity, shardCountFor } from '../tables/activities';
import { newSeed, putDraw } from '../tables/draws';
import { activityView } from './views';

export const handler = defineHandler(contract.createActivity, async ({ body }, { principal }) => {
  const org = await assertInScope(principal, body.orgId);
  if (body.eventId) await linkableEvent(principal, body.eventId); // exists, and its host org is in scope
  const shards = shardCountFor(body.capacity);
  const id = `ac-${randomUUID()}`;
  // a draw: its secret seed is stored first (draws table), and only its commitment goes on the
  // activity, shown from the start (docs/claims-and-draws.md "Draws")
  const { noShow, ...fields } = body;
  let draw: { commitment: string } | undefined;
  if (body.allocation === 'draw') {
    const { seed, commitment } = newSeed();
    await putDraw(id, seed, commitment, body.signupClosesAt);
    draw = { commitment };
  }
  const activity = {
    ...fields,
    ...(draw ? { draw, ...(noShow ? { noShow } : {}) } : {}),
    id,
    confirmed: 0,
    createdAt: new Date().toISOString(),
    createdBy: principal.userId,
    ...(shards ? { shards } : {}),
  };
  await putActivity(activity, org.path);
  await recordAudit({
    principal,
    org,
    kind: 'activity.create',
    object: { type: 'activity', id: activity.id, label: activity.title },
    summary: `发布活动「${activity.title}」${activity.capacity === null ? '（不限名额）' : `（${activity.capacity} 个名额${draw ? '，摇号分配' : ''}）`}`,
  });
  return activityView(activity, org.name);
});
