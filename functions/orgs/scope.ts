import type { Org } from '../../shared/schemas/org';
import { forbidden, notFound } from '../lib/errors';
import type { Principal } from '../lib/auth/session-token';
import { getOrg, isWithin, listSubtree } from '../tables/orgs';

/** The org a staff member acts for; staff without one can do nothing. */
export async function actingOrgOf(principal: Principal): Promise<Org> {
  const org = principal.actingOrgId ? await getOrg(principal.actingOrgId) : null;
  if (!org) throw forbidden('您的账号还没有绑定工会组织，请联系上级工会');
  return org;
}

/** Staff act for their org and everything below it: anything else is 403. */
export async function assertInScope(principal: Principal, orgId: string): Promise<Org> {
  const org = await getOrg(orgId);
  if (!org) throw notFound('找不到这个组织');
  if (!principal.actingOrgId || !isWithin(org, principal.actingOrgId)) throw forbidden('只能管理本组织及下级组织的内容');
  return org;
}

export async function orgsInScope(principal: Principal): Promise<Org[]> {
  return listSubtree(await actingOrgOf(principal));
}
