import { contract } from '../../shared/contract';
import { MAX_ORG_DEPTH } from '../../shared/schemas/org-admin';
import { conflict } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { createOrgUnder } from './org-writes';

/** A new org under a parent in the caller's subtree (id minted here; level and path from the parent). */
export const handler = defineHandler(contract.createOrg, async ({ body }, { principal, log }) => {
  const parent = await assertInScope(principal, body.parentId);
  if (parent.status !== 'open') throw conflict('上级组织已关闭，不能在其下新建组织');
  if (parent.path.length > MAX_ORG_DEPTH) throw conflict('基层工会之下不能再建下级组织（最多 5 级）');
  const org = await createOrgUnder(parent, body);
  log.info('org created', { orgId: org.id, parentId: parent.id });
  await recordAudit({
    principal,
    org: parent,
    kind: 'org.create',
    object: { type: 'org', id: org.id, label: org.name },
    summary: `在${parent.name}下新建「${org.name}」（组织代码 ${org.code}）`,
  });
  return org;
});
