import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { orgsInScope } from '../orgs/scope';
import { getOrgs } from '../tables/orgs';
import { listTransfersInto } from '../tables/members';
import { transferView } from './transfer-view';

export const handler = defineHandler(contract.listTransfers, async (_input, { principal }) => {
  const orgs = await orgsInScope(principal);
  const transfers = (await Promise.all(orgs.map((o) => listTransfersInto(o.id)))).flat();
  const names = new Map((await getOrgs([...new Set(transfers.flatMap((t) => [t.fromOrgId, t.toOrgId]))])).map((o) => [o.id, o.name]));
  return { transfers: transfers.map((t) => transferView(principal, t, names.get(t.fromOrgId) ?? '', names.get(t.toOrgId) ?? '')) };
});
