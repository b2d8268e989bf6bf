import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { countUnread } from '../tables/inbox';

/** The 我的 tab's badge: unread messages, counted up to 100 (one Query, Select COUNT). */
export const handler = defineHandler(contract.getMyUnreadCount, async (_input, { principal }) => countUnread(principal.userId));
