import { z } from 'zod';
import { contract } from '../../shared/contract';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { DomainError } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { listPosts } from '../tables/feedback';

const Cursor = z.object({ pk: z.string(), sk: z.string().startsWith('post#') });

export const handler = defineHandler(contract.listStationPosts, async ({ params, query }, { principal }) => {
  const cursor = decodeCursor(query.cursor, Cursor);
  if (cursor && cursor.pk !== `station#${params.stationId}`)
    throw new DomainError('bad_request', undefined, { cursor: ['翻页标记不属于这个驿站'] });
  // staff see hidden posts (marked as such) so they can review what they hid
  const page = await listPosts(params.stationId, { includeHidden: principal.role !== 'worker', cursor });
  return { posts: page.posts, nextCursor: page.cursor ? encodeCursor(page.cursor) : undefined };
});
