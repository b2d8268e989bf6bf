import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { getOrg, getOrgs } from '../tables/orgs';
import { countScan } from '../tables/join-codes';
import { getMember } from '../tables/members';
import { usableCode } from './join-code-access';
import { ownMembership } from './views';

export const handler = defineHandler(contract.resolveJoinCode, async ({ params }, { principal }) => {
  const code = await usableCode(params.token);
  // staff opening a poster or testing a code are not scans by workers
  if (principal.role === 'worker') await countScan(code.id);
  const org = (await getOrg(code.orgId))!;
  const path = await getOrgs(org.path);
  const existing = await getMember(principal.userId);
  const existingOrg = existing ? await getOrg(existing.orgId) : null;
  return {
    target: { orgId: org.id, orgName: org.name, orgPath: path.map((o) => o.shortName), event: code.event, autoApprove: code.autoApprove },
    existing: existing ? ownMembership(existing, existingOrg?.name ?? '') : undefined,
  };
});
