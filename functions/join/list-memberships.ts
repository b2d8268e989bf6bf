import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf } from '../orgs/scope';
import { listMembershipsPage } from '../tables/members';
import { summaryFor } from './views';

/** A page (20) of the memberships with one status in the acting org's subtree, newest first: one Query at any size. */
export const handler = defineHandler(contract.listMemberships, async ({ query }, { principal }) => {
  const page = await listMembershipsPage(await actingOrgOf(principal), query.status, query.cursor);
  return { members: page.members.map((m) => summaryFor(principal, m)), nextCursor: page.nextCursor };
});
