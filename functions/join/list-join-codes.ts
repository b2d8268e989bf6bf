import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf } from '../orgs/scope';
import { getOrgs } from '../tables/orgs';
import { listJoinCodesPage } from '../tables/join-codes';
import { codeView } from './join-code-access';

/**
 * A page (20) of the codes of the acting org's subtree, newest first, with their figures (counters
 * on each code, kept with the memberships they count): one Query, then the page's org names.
 */
export const handler = defineHandler(contract.listJoinCodes, async ({ query }, { principal }) => {
  const page = await listJoinCodesPage(await actingOrgOf(principal), query.cursor);
  const names = new Map((await getOrgs([...new Set(page.codes.map((c) => c.code.orgId))])).map((o) => [o.id, o.name]));
  return {
    codes: page.codes.map(({ code, figures }) => ({ ...codeView(code, names.get(code.orgId) ?? ''), figures })),
    nextCursor: page.nextCursor,
  };
});
