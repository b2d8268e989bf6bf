import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { env } from './config';

/**
 * Join-code tokens: 8 random bytes (the code's identity) + the first 15 bytes of an HMAC-SHA256 over
 * them, base64url: 11 + 20 = 31 characters. That fits a mini-program code's 32-character `scene`
 * and a short URL; any change to a character breaks the signature. Expiry and revocation live with
 * the code in the database, so a code can be revoked after it is printed.
 */
const ID_BYTES = 8;
const MAC_BYTES = 15;

function mac(id: Buffer): Buffer {
  // domain-separated from the session signatures that share the secret
  return createHmac('sha256', env('JWT_SECRET')).update('join-code-v1\u0000').update(id).digest().subarray(0, MAC_BYTES);
}

export function newJoinToken(): { codeId: string; token: string } {
  const id = randomBytes(ID_BYTES);
  return { codeId: `jc-${id.toString('hex')}`, token: Buffer.concat([id, mac(id)]).toString('base64url') };
}

export function tokenFor(codeId: string): string {
  const id = Buffer.from(codeId.replace(/^jc-/, ''), 'hex');
  return Buffer.concat([id, mac(id)]).toString('base64url');
}

/** The code id a token stands for, or null when the token was forged or altered. */
export function verifyJoinToken(token: string): string | null {
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== ID_BYTES + MAC_BYTES || raw.toString('base64url') !== token) return null;
  const id = raw.subarray(0, ID_BYTES);
  return timingSafeEqual(raw.subarray(ID_BYTES), mac(id)) ? `jc-${id.toString('hex')}` : null;
}
