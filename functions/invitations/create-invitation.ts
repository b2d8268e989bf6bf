import { randomBytes, randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { contract } from '../../shared/contract';
import { roleLabel } from '../../shared/schemas/session';
import { recordAudit } from '../lib/audit';
import { forbidden } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { putInvitation } from '../tables/users';
import { districtOf, hashSecret, invitationUrl } from './invitation-access';

/**
 * A single-use invitation to become staff (or admin) of an org in the inviter's subtree. Nobody grants
 * more than they hold: staff invite staff, admins invite either. The secret is answered once, in the
 * link and its QR, and only its hash is stored.
 */
export const handler = defineHandler(contract.createInvitation, async ({ body }, { principal, log }) => {
  if (body.role === 'admin' && principal.role !== 'admin') throw forbidden('只有管理员才能邀请管理员');
  const org = await assertInScope(principal, body.orgId);
  const now = new Date();
  const id = randomUUID();
  const secret = randomBytes(16).toString('base64url');
  const validUntil = new Date(now.getTime() + body.days * 24 * 3600_000).toISOString();
  await putInvitation({
    id,
    role: body.role,
    orgId: org.id,
    districtId: districtOf(org),
    invitedBy: principal.userId,
    createdAt: now.toISOString(),
    validUntil,
    status: 'active',
    secretHash: hashSecret(secret),
  });
  log.info('invitation created', { invitationId: id, role: body.role, orgId: org.id });
  await recordAudit({
    principal,
    org,
    kind: 'invitation.create',
    object: { type: 'invitation', id, label: roleLabel[body.role] },
    summary: `邀请${org.name}的${roleLabel[body.role]}（${body.days} 天内有效）`,
  });
  const url = invitationUrl(id, secret);
  const dataUrl = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 512 });
  return {
    invitation: { id, role: body.role, orgId: org.id, orgName: org.name, expiresAt: validUntil, createdAt: now.toISOString() },
    url,
    dataUrl,
  };
});
