import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { contentCheckNotice } from '../../shared/schemas/feedback';
import { notFound, tooManyRequests } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { addPost, findPost, idFor } from '../tables/feedback';
import { getStation } from '../tables/stations';
import { getUser } from '../tables/users';
import { checkPendingPost } from './post-check';

export const POSTS_PER_HOUR = 5;

/**
 * A post is stored pending (within the hourly allowance, so WeChat's check cannot be used without
 * limit), then checked by WeChat: the answer says whether others see it (contentCheck and notice on
 * a post they do not). A retried request returns the first post as it stands now.
 */
export const handler = defineHandler(contract.createStationPost, async ({ params, body }, { principal, log }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  const user = await getUser(principal.userId);
  const post = {
    id: idFor('p', principal.userId, body.clientRequestId),
    text: body.text,
    authorName: maskName(user?.displayName ?? '职工'),
    createdAt: new Date().toISOString(),
    hidden: false,
    contentCheck: 'pending' as const,
  };
  const result = await addPost(station.id, post, principal.userId, POSTS_PER_HOUR);
  if ('overLimit' in result) throw tooManyRequests(`每小时最多留言 ${POSTS_PER_HOUR} 条，请稍后再来`);
  if ('existing' in result) return result.existing;
  const ref = { stationId: station.id, ref: `post#${post.createdAt}#${post.id}`, postId: post.id, text: post.text };
  let checked;
  try {
    checked = await checkPendingPost(ref, log);
  } catch (error) {
    // the post is stored and pending: the sweep checks it; the author sees it held meanwhile
    log.warn('content check not recorded, left to the sweep', { postId: post.id, error: (error as Error).name });
    checked = 'held' as const;
  }
  if (checked === 'held') return { ...post, notice: contentCheckNotice.pending };
  // null: the sweep settled it a moment before this request did
  return checked ?? (await findPost(post.id))?.post ?? { ...post, notice: contentCheckNotice.pending };
});
