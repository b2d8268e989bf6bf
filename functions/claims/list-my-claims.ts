import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { myClaimsPage } from '../tables/claims';

/** 我的理赔: the member's own claims, newest first, a page at a time (one Query). */
export const handler = defineHandler(contract.listMyClaims, async ({ query }, { principal }) =>
  myClaimsPage(principal.userId, query.cursor),
);
