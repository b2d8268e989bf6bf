import { weierstrass } from '@noble/curves/abstract/weierstrass';
import { Field } from '@noble/curves/abstract/modular';
import { sha256 } from '@noble/hashes/sha2';

/**
 * Member cards and tickets checked on the staff phone without a network: both are ES256 JWTs signed
 * with the member-card key (GET /member-card/public-key, kept on the phone). WeChat has no
 * WebCrypto, hence a pure-JS P-256 verifier; this module is imported by stall mode only, so it
 * stays in the staff subpackage. No TextEncoder/atob either (weapp): the few bytes are decoded here.
 */

/**
 * NIST P-256 built from its parameters (FIPS 186-4 D.1.2.3) rather than imported from
 * `@noble/curves/p256`: that module also sets up hash-to-curve, which calls TextEncoder when it loads
 * (weapp has none) and brings P-384/P-521 along. lowS: false, as JOSE signatures are not normalised.
 */
const p256 = weierstrass({
  Fp: Field(BigInt('0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff')),
  n: BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
  h: BigInt(1),
  a: BigInt('0xffffffff00000001000000000000000000000000fffffffffffffffffffffffc'),
  b: BigInt('0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b'),
  Gx: BigInt('0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
  Gy: BigInt('0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
  lowS: false,
  hash: sha256,
});

export type PublicJwk = { kty?: unknown; crv?: unknown; x?: unknown; y?: unknown; kid?: unknown };

export type Scanned =
  | { ok: true; kind: 'card'; memberNo: string; expiresAt: string }
  | { ok: true; kind: 'ticket'; activityId: string; memberId: string; expiresAt: string }
  | { ok: false; reason: 'unknown' | 'forged' | 'expired' | 'no-key'; message: string };

const CARD_ISSUER = 'union-services/member-card';
/** a phone's clock may be a little off */
const LEEWAY_SECONDS = 30;

const refusal = {
  unknown: '这不是会员卡或入场票二维码',
  forged: '二维码签名不符，不能使用（可能是伪造或被改动的）',
  expired: '二维码已过期，请职工重新打开会员卡或入场票',
  'no-key': '本机还没有核验密钥：请联网打开一次摊位模式',
} as const;
const refuse = (reason: keyof typeof refusal): Scanned => ({ ok: false, reason, message: refusal[reason] });

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of text) {
    value = (value << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

function utf8(bytes: Uint8Array): string {
  return decodeURIComponent(Array.from(bytes, (b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
}

function json(part: string): Record<string, unknown> | null {
  try {
    const bytes = fromBase64Url(part);
    const value: unknown = bytes ? JSON.parse(utf8(bytes)) : null;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function publicKeyBytes(jwk: PublicJwk): Uint8Array | null {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') return null;
  const x = fromBase64Url(jwk.x);
  const y = fromBase64Url(jwk.y);
  if (!x || !y || x.length !== 32 || y.length !== 32) return null;
  const bytes = new Uint8Array(65);
  bytes[0] = 4;
  bytes.set(x, 1);
  bytes.set(y, 33);
  return bytes;
}

/** What a scanned QR is, if our key signed it and it has not expired. */
export function verifyScanned(text: string, keys: readonly PublicJwk[], now = new Date()): Scanned {
  const parts = text.trim().split('.');
  if (parts.length !== 3) return refuse('unknown');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = json(headerPart);
  const payload = json(payloadPart);
  if (!header || !payload) return refuse('unknown');
  const audience = payload.aud;
  const isTicket = audience === 'ticket' || (Array.isArray(audience) && audience.includes('ticket'));
  const isCard = !isTicket && payload.iss === CARD_ISSUER;
  if (!isTicket && !isCard) return refuse('unknown');
  if (keys.length === 0) return refuse('no-key');
  if (header.alg !== 'ES256') return refuse('forged');

  const candidates = keys.filter((k) => header.kid === undefined || k.kid === undefined || k.kid === header.kid);
  const signature = fromBase64Url(signaturePart);
  if (!signature || signature.length !== 64) return refuse('forged');
  // the signed input is ASCII (base64url), so its bytes are its char codes
  const input = `${headerPart}.${payloadPart}`;
  const digest = sha256(Uint8Array.from(input, (c) => c.charCodeAt(0)));
  const signed = candidates.some((jwk) => {
    const publicKey = publicKeyBytes(jwk);
    try {
      return publicKey !== null && p256.verify(signature, digest, publicKey);
    } catch {
      return false;
    }
  });
  if (!signed) return refuse('forged');

  const exp = payload.exp;
  if (typeof exp !== 'number' || exp + LEEWAY_SECONDS < now.getTime() / 1000) return refuse('expired');
  const expiresAt = new Date(exp * 1000).toISOString();
  if (typeof payload.sub !== 'string' || !payload.sub) return refuse('forged');
  if (isCard) return { ok: true, kind: 'card', memberNo: payload.sub, expiresAt };
  if (typeof payload.a !== 'string' || !payload.a) return refuse('forged');
  return { ok: true, kind: 'ticket', activityId: payload.a, memberId: payload.sub, expiresAt };
}

/** 会员 ****1234: enough to tell two workers apart on the stall's list, nothing more. */
export const maskedMember = (memberNo: string) => `会员 ****${memberNo.slice(-4)}`;
