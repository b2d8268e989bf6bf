import { contract } from '../../shared/contract';
import { toMe } from '../auth/me';
import { signSession } from '../lib/auth/session-token';
import { maskName } from '../../shared/schemas/common';
import { roleLabel } from '../../shared/schemas/session';
import { recordAudit } from '../lib/audit';
import { DomainError, conflict, gone, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrg } from '../tables/orgs';
import { acceptInvitation, getInvitation, type AcceptRefusal } from '../tables/users';
import { hashSecret } from './invitation-access';
import { recordEvent } from '../tables/inbox';
import { invitationAccepted } from '../messages/events';

const refusals: Record<AcceptRefusal, () => DomainError> = {
  missing: () => notFound('邀请不存在，请向邀请人重新索取'),
  'wrong-secret': () => notFound('邀请不存在，请向邀请人重新索取'),
  used: () => conflict('这个邀请已经被使用过了，请向邀请人重新索取'),
  'not-a-worker': () => conflict('您已经是工会工作人员，无需再接受邀请'),
  expired: () => gone('邀请已过期，请向邀请人重新索取'),
  revoked: () => gone('邀请已被撤回，请向邀请人重新索取'),
};

/**
 * The invited person (signed in) accepts, giving their name: one transaction grants the role and
 * stores the name, then a new session carries it. Their own retry gets a session again.
 */
export const handler = defineHandler(contract.acceptInvitation, async ({ params, body }, { principal, log }) => {
  const result = await acceptInvitation(params.invitationId, hashSecret(body.token), principal.userId, body.name);
  if (!result.ok) {
    log.info('invitation refused', { invitationId: params.invitationId, reason: result.reason });
    throw refusals[result.reason]();
  }
  const { user, again } = result;
  const { token, expiresAt } = await signSession({
    userId: user.id,
    role: user.role,
    actingOrgId: user.actingOrgId,
    sessionVersion: user.sessionVersion,
  });
  log.info('invitation accepted', { invitationId: params.invitationId, userId: user.id, role: user.role, again: Boolean(again) });
  // recorded as the person they have just become, for the org they now act for (once: not a retry)
  const org = user.actingOrgId && !again ? await getOrg(user.actingOrgId) : null;
  if (org) {
    const name = maskName(user.displayName);
    await recordAudit({
      principal: { userId: user.id, role: user.role, actingOrgId: user.actingOrgId },
      org,
      kind: 'invitation.accept',
      object: { type: 'invitation', id: params.invitationId, label: name },
      summary: `${name} 接受邀请，成为${org.name}的${roleLabel[user.role]}`,
    });
    // the inviter's 消息 (keyed by the invitation: once)
    const invitation = await getInvitation(params.invitationId);
    if (invitation) await recordEvent(invitationAccepted(invitation, user, org.name, new Date()));
  }
  return { token, expiresAt: expiresAt.toISOString(), me: toMe(user) };
});
