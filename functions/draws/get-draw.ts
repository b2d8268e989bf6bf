import { z } from 'zod';
import { contract } from '../../shared/contract';
import { DRAW_ALGORITHM } from '../../shared/schemas/draw';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getActivity } from '../tables/activities';
import { getDraw, getOrderChunk } from '../tables/draws';

const PageCursor = z.strictObject({ k: z.number().int().min(1).max(10_000) });

/**
 * 摇号公示, for anyone: the commitment from the start; once drawn the seed, the algorithm, the
 * capacity the order was drawn with and the order a page (one stored chunk, ≤ 500 entries) at a
 * time. Before the draw the seed never leaves; the number of applications is the draw item's
 * counter (two GetItems whatever the size). Entries carry published keys, never member ids.
 */
export const handler = defineHandler(contract.getDraw, async ({ params, query }) => {
  const activity = await getActivity(params.activityId);
  if (!activity || activity.allocation !== 'draw') throw notFound('这个活动不是摇号分配名额');
  const draw = await getDraw(activity.id);
  if (!draw) throw notFound('这个活动不是摇号分配名额');
  const k = decodeCursor(query.cursor, PageCursor)?.k ?? 0;
  const drawn = Boolean(draw.runId);
  const entries = drawn ? ((await getOrderChunk(draw, k, activity.waitlist)) ?? []) : [];
  const state = drawn ? 'drawn' : new Date().toISOString() > activity.signupClosesAt ? 'closed' : 'open';
  return {
    activityId: activity.id,
    title: activity.title,
    // once drawn, the capacity the order used (raised or lowered since, the published walk still holds)
    capacity: (drawn ? draw.capacity : undefined) ?? activity.capacity ?? 0,
    closesAt: activity.signupClosesAt,
    commitment: draw.commitment,
    state,
    ...(drawn ? { seed: draw.seed, drawnAt: draw.drawnAt } : {}),
    applicants: draw.applicants ?? 0,
    algorithm: DRAW_ALGORITHM,
    entries,
    ...(drawn && k + 1 < (draw.chunks ?? 0) ? { nextCursor: encodeCursor({ k: k + 1 }) } : {}),
  } as const;
});
