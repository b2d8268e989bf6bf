import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { Role } from '../../../shared/schemas/session';
import { env } from '../config';
import { DomainError } from '../errors';

/** Who is calling, as carried in the session token. Never an openid. */
export interface Principal {
  userId: string;
  role: Role;
  actingOrgId: string | null;
  /** the user's sessionVersion when the token was minted: a role change or revoke bumps it (0 when absent) */
  sessionVersion?: number;
}

const ISSUER = 'union-services';
const AUDIENCE = 'union-miniapp';
export const SESSION_SECONDS = 24 * 60 * 60;

function key(): Uint8Array {
  const secret = env('JWT_SECRET');
  if (secret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

export async function signSession(principal: Principal, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + SESSION_SECONDS) * 1000);
  const token = await new SignJWT({ role: principal.role, org: principal.actingOrgId, ver: principal.sessionVersion ?? 0 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(principal.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key());
  return { token, expiresAt };
}

export async function verifySession(token: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, key(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    const role = Role.safeParse(payload.role);
    if (!payload.sub || !role.success) throw new DomainError('unauthorized');
    return {
      userId: payload.sub,
      role: role.data,
      actingOrgId: typeof payload.org === 'string' ? payload.org : null,
      sessionVersion: typeof payload.ver === 'number' && Number.isInteger(payload.ver) ? payload.ver : 0,
    };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new DomainError('token_expired');
    throw new DomainError('unauthorized', '登录信息无效，请重新登录');
  }
}
