import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf } from '../orgs/scope';
import { getOrgs } from '../tables/orgs';
import { listTransfersPage } from '../tables/members';
import { transferView } from './transfer-view';

/** A page (20) of the open transfers into the acting org's subtree, newest first: one Query, then the page's org names. */
export const handler = defineHandler(contract.listTransfers, async ({ query }, { principal }) => {
  const page = await listTransfersPage(await actingOrgOf(principal), query.cursor);
  const names = new Map((await getOrgs([...new Set(page.transfers.flatMap((t) => [t.fromOrgId, t.toOrgId]))])).map((o) => [o.id, o.name]));
  return {
    transfers: page.transfers.map((t) => transferView(principal, t, names.get(t.fromOrgId) ?? '', names.get(t.toOrgId) ?? '')),
    nextCursor: page.nextCursor,
  };
});
