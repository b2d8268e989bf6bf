import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { countUnread, markAllRead, markRead } from '../tables/inbox';

/**
 * Marks the caller's messages read: the ones opened (≤ 50, keyed by the caller, so nobody else's),
 * or 全部已读 (50 a call; `more` says call again). Marking again changes nothing. Answers the badge.
 */
export const handler = defineHandler(contract.markMyMessagesRead, async ({ body }, { principal }) => {
  let more = false;
  if (body.all) more = (await markAllRead(principal.userId)).more;
  else await markRead(principal.userId, body.ids ?? []);
  return { ...(await countUnread(principal.userId)), more };
});
