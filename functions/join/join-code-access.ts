import { optionalEnv } from '../lib/config';
import { DomainError } from '../lib/errors';
import { tokenFor, verifyJoinToken } from '../lib/join-token';
import { getJoinCode, type JoinCodeRecord } from '../tables/join-codes';

/** The URL a QR code carries: <JOIN_BASE_URL>/j/<token> (the H5 app and WeChat's plain-link QR rule). */
export function joinUrl(token: string): string {
  return `${(optionalEnv('JOIN_BASE_URL') ?? 'http://127.0.0.1:10086').replace(/\/$/, '')}/j/${token}`;
}

export function codeView(code: JoinCodeRecord, orgName: string) {
  const token = tokenFor(code.id);
  return {
    id: code.id,
    orgId: code.orgId,
    orgName,
    event: code.event,
    ...(code.eventId ? { eventId: code.eventId } : {}),
    autoApprove: code.autoApprove,
    token,
    url: joinUrl(token),
    expiresAt: code.expiresAt,
    revoked: code.revoked,
    createdAt: code.createdAt,
  };
}

/** A usable code for a token, or a clear Chinese reason why not: no membership can come from a bad token. */
export async function usableCode(token: string, now = new Date()): Promise<JoinCodeRecord> {
  const codeId = verifyJoinToken(token);
  if (!codeId) throw new DomainError('not_found', '这个入会码无效，请扫描工作人员出示的二维码');
  const code = await getJoinCode(codeId);
  if (!code) throw new DomainError('not_found', '这个入会码无效，请扫描工作人员出示的二维码');
  if (code.revoked) throw new DomainError('gone', '这个入会码已停用，请向现场工作人员索取新的二维码');
  if (code.expiresAt && code.expiresAt < now.toISOString())
    throw new DomainError('gone', '这个入会码已过期，请向现场工作人员索取新的二维码');
  return code;
}
