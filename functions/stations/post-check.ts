import type { Post } from '../../shared/schemas/feedback';
import { WechatUnavailable } from '../lib/wechat/access-token';
import { checkText } from '../lib/wechat/content-check';
import { createLogger, type Logger } from '../lib/log';
import { pendingChecks, settleCheck, type PendingCheck } from '../tables/feedback';

/**
 * WeChat's content check for message-wall posts (docs/privacy-and-content.md, "Content checks").
 * Every post is stored as pending first; this asks WeChat (msgSecCheck v1, scene-less: we keep no
 * openids) and records the verdict. 'pass' shows it to all; 'risky' and 'review' keep it for its
 * author only (the wall has no moderators, and a post held for a review nobody does would be as
 * good as refused, only later). WeChat unreachable → the post stays pending, never shown unchecked,
 * and the recheckPosts sweep asks again.
 *
 * Returns 'held' when WeChat gave no verdict, else the settled post (null if another request, the
 * create request or the sweep, settled it first).
 */
export async function checkPendingPost(
  check: Pick<PendingCheck, 'stationId' | 'ref' | 'postId' | 'text'>,
  log: Logger,
): Promise<'held' | Post | null> {
  let verdict;
  try {
    verdict = await checkText(check.text, { scene: 3 }); // 3: 论坛, a public wall
  } catch (error) {
    if (!(error instanceof WechatUnavailable)) throw error;
    log.warn('content check unavailable, post held', { postId: check.postId, reason: error.message });
    return 'held';
  }
  return settleCheck(check, verdict === 'pass');
}

/** How many held posts one sweep asks WeChat about (one Query, then a call and a transaction each). */
export const RECHECK_BATCH = 25;

/**
 * Scheduled every minute (and run by `npm start`): asks again about posts WeChat gave no verdict
 * for, oldest first; stops at the first one WeChat still does not answer, until next minute.
 */
export async function recheckPosts(log = createLogger({ job: 'recheckPosts' })): Promise<{ settled: number; held: number }> {
  const pending = await pendingChecks(RECHECK_BATCH);
  let settled = 0;
  for (const check of pending) {
    try {
      if ((await checkPendingPost(check, log)) === 'held') break;
      settled++;
    } catch (error) {
      // a conflicting write (the create request settling it at this moment): next minute sorts it out
      log.error('content recheck failed', { postId: check.postId, error: (error as Error).name });
    }
  }
  return { settled, held: pending.length - settled };
}

export const handler = async () => {
  await recheckPosts();
};
