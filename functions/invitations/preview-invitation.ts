import { timingSafeEqual } from 'node:crypto';
import { contract } from '../../shared/contract';
import type { InvitationPreview } from '../../shared/schemas/invitation';
import { maskName } from '../../shared/schemas/common';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getOrg } from '../tables/orgs';
import { getInvitation, getUser } from '../tables/users';
import { hashSecret } from './invitation-access';

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * What an invitation offers, for the page it opens: the org, the role, who invites (masked) and until
 * when, or why it can no longer be used (`accepted` when the caller is the one who used it). Without
 * the right secret it does not exist (404, as accept).
 */
export const handler = defineHandler(contract.previewInvitation, async ({ params, body }, { principal }) => {
  const invitation = await getInvitation(params.invitationId);
  if (!invitation || !sameHash(invitation.secretHash, hashSecret(body.token))) throw notFound('邀请不存在，请向邀请人重新索取');
  const [org, inviter] = await Promise.all([getOrg(invitation.orgId), getUser(invitation.invitedBy)]);
  const state: InvitationPreview['state'] = invitation.usedBy
    ? invitation.usedBy === principal.userId
      ? 'accepted'
      : 'used'
    : invitation.status !== 'active'
      ? 'revoked'
      : invitation.validUntil <= new Date().toISOString()
        ? 'expired'
        : 'valid';
  return {
    role: invitation.role,
    orgName: org?.name ?? '（组织已不存在）',
    inviterName: inviter ? maskName(inviter.displayName) : '工会工作人员',
    expiresAt: invitation.validUntil,
    state,
  };
});
