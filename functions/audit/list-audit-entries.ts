import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { forbidden } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf, assertInScope } from '../orgs/scope';
import { listAuditEntries } from '../tables/audit';
import { getOrgs } from '../tables/orgs';
import { getUsers } from '../tables/users';

export const AUDIT_PAGE = 30;

/**
 * 操作记录: the staff writes on an org's subtree (the admin's acting org, or an org below it), newest
 * first, 30 a page, by kind or by person. One Query for the page (tables/audit.ts), then one
 * BatchGet of the page's people and one of its orgs (acted on, and acted for) for the names shown: bounded by the page,
 * whatever the size of the subtree. Names are masked; ids stay so the app can filter by a person.
 */
export const handler = defineHandler(contract.listAuditEntries, async ({ query }, { principal }) => {
  if (principal.role !== 'admin') throw forbidden('操作记录仅限管理员查看');
  const org = query.orgId ? await assertInScope(principal, query.orgId) : await actingOrgOf(principal);
  const page = await listAuditEntries(org, { kind: query.kind, actorId: query.actorId }, AUDIT_PAGE, query.cursor);
  // the orgs acted on and the orgs the actors act for, in the one BatchGet (≤ 2 × 30 ids)
  const orgIds = page.entries.flatMap((e) => (e.actingOrgId ? [e.orgId, e.actingOrgId] : [e.orgId]));
  const [users, orgs] = await Promise.all([getUsers(page.entries.map((e) => e.actorId)), getOrgs([...new Set(orgIds)])]);
  const nameOf = new Map(users.map((u) => [u.id, maskName(u.displayName)]));
  const orgNameOf = new Map(orgs.map((o) => [o.id, o.name]));
  const orgName = (id: string) => orgNameOf.get(id) ?? '已删除的组织';
  return {
    entries: page.entries.map((entry) => ({
      ...entry,
      // a member who deleted their account (注销) is recorded under a random gone-… id
      actorName: nameOf.get(entry.actorId) || (entry.actorId.startsWith('gone-') ? '已注销用户' : '未知人员'),
      actingOrgName: entry.actingOrgId ? orgName(entry.actingOrgId) : null,
      orgName: orgName(entry.orgId),
    })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
});
