import { z } from 'zod';
import { contract } from '../../shared/contract';
import type { Principal } from '../lib/auth/session-token';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { DomainError } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { listPosts } from '../tables/feedback';
import { getOrg, isWithin } from '../tables/orgs';
import { getStation } from '../tables/stations';

const Cursor = z.object({ pk: z.string(), sk: z.string().startsWith('post#') });

/**
 * A post not (yet) through WeChat's content check is listed to its author alone, with why.
 * Hidden posts (marked as such) go to staff who act for the station's org or one above it, so they
 * can review what they hid; to everyone else, staff of other orgs included, a hidden post is gone.
 */
async function seesHidden(principal: Principal, stationId: string): Promise<boolean> {
  if (principal.role === 'worker' || !principal.actingOrgId) return false;
  const station = await getStation(stationId);
  const org = station ? await getOrg(station.orgId) : null;
  return org !== null && isWithin(org, principal.actingOrgId);
}

export const handler = defineHandler(contract.listStationPosts, async ({ params, query }, { principal }) => {
  const cursor = decodeCursor(query.cursor, Cursor);
  if (cursor && cursor.pk !== `station#${params.stationId}`)
    throw new DomainError('bad_request', undefined, { cursor: ['翻页标记不属于这个驿站'] });
  const page = await listPosts(params.stationId, {
    includeHidden: await seesHidden(principal, params.stationId),
    viewerId: principal.userId,
    cursor,
  });
  return { posts: page.posts, nextCursor: page.cursor ? encodeCursor(page.cursor) : undefined };
});
