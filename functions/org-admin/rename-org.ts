import { contract } from '../../shared/contract';
import { conflict } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { renameOrg } from '../tables/orgs';

/** New name and short name for an open org in the caller's subtree; the code never changes. */
export const handler = defineHandler(contract.renameOrg, async ({ params, body }, { principal, log }) => {
  const org = await assertInScope(principal, params.orgId);
  if (org.status !== 'open') throw conflict('组织已关闭，不能改名');
  if (org.name === body.name && org.shortName === body.shortName) return org;
  const renamed = await renameOrg(org.id, body.name, body.shortName);
  if (!renamed) throw conflict('组织已关闭，不能改名');
  log.info('org renamed', { orgId: org.id });
  await recordAudit({
    principal,
    org: renamed,
    kind: 'org.rename',
    object: { type: 'org', id: org.id, label: renamed.name },
    summary: `「${org.name}」改名为「${renamed.name}」（简称 ${renamed.shortName}）`,
  });
  return renamed;
});
