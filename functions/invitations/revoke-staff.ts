import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { roleLabel } from '../../shared/schemas/session';
import { recordAudit } from '../lib/audit';
import { conflict, forbidden, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getUser, revokeStaffRole } from '../tables/users';
import { districtOf } from './invitation-access';

/**
 * Back to worker: the person's sessionVersion is bumped in the same write, so their very next request
 * on a staff route is refused. Within the caller's subtree, never oneself, an admin only by an admin,
 * and never a district's last admin.
 */
export const handler = defineHandler(contract.revokeStaff, async ({ params }, { principal, log }) => {
  if (params.userId === principal.userId) throw forbidden('不能撤销自己的身份');
  const user = await getUser(params.userId);
  if (!user || user.role === 'worker' || !user.actingOrgId) throw notFound('找不到这位工作人员');
  const org = await assertInScope(principal, user.actingOrgId);
  if (user.role === 'admin' && principal.role !== 'admin') throw forbidden('只有管理员才能撤销管理员');
  const outcome = await revokeStaffRole(user, districtOf(org));
  if (outcome === 'last-admin') throw conflict('这是本区最后一位管理员，不能撤销');
  if (outcome === 'changed') throw conflict('这位工作人员的身份刚刚有变动，请刷新后重试');
  log.info('staff revoked', { userId: user.id, role: user.role, orgId: org.id });
  const name = maskName(user.displayName);
  await recordAudit({
    principal,
    org,
    kind: 'staff.revoke',
    object: { type: 'user', id: user.id, label: name },
    summary: `取消 ${name} 在${org.name}的${roleLabel[user.role]}权限`,
  });
  return { revoked: { id: user.id, role: user.role, displayName: name, actingOrgId: org.id } };
});
