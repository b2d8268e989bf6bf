import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { listMessages } from '../tables/inbox';

/** 我的 → 消息: the caller's messages, newest first, 20 a page (one Query). */
export const handler = defineHandler(contract.listMyMessages, async ({ query }, { principal }) =>
  listMessages(principal.userId, query.cursor),
);
