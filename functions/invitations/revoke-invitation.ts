import { contract } from '../../shared/contract';
import { roleLabel } from '../../shared/schemas/session';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getInvitation, withdrawInvitation } from '../tables/users';

/** Withdraws an unused invitation of an org in the caller's subtree: accepting it then answers 410. */
export const handler = defineHandler(contract.revokeInvitation, async ({ params }, { principal, log }) => {
  const invitation = await getInvitation(params.invitationId);
  if (!invitation) throw notFound('邀请不存在');
  const org = await assertInScope(principal, invitation.orgId);
  if (!(await withdrawInvitation(invitation.id, principal.userId))) throw conflict('这个邀请已被使用或已撤回');
  log.info('invitation withdrawn', { invitationId: invitation.id });
  await recordAudit({
    principal,
    org,
    kind: 'invitation.revoke',
    object: { type: 'invitation', id: invitation.id, label: roleLabel[invitation.role] },
    summary: `撤回对${org.name}${roleLabel[invitation.role]}的邀请`,
  });
  return { revoked: true as const };
});
