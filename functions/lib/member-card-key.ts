import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, exportJWK, type JWK } from 'jose';
import { env } from './config';

/**
 * Member-card QR codes are short-lived ES256 tokens: the server signs with its private key, and a
 * staff phone can verify a card offline with the public key (GET /member-card/public-key).
 */
export const CARD_TOKEN_SECONDS = 180;
/**
 * The card's offline QR, kept on the member's phone and shown only when the network is gone: long
 * enough for a working day without signal after the card was last opened online, short enough that
 * a screenshot of it is worthless by the next day (docs/join.md, Offline).
 */
export const OFFLINE_CARD_TOKEN_SECONDS = 12 * 60 * 60;
const ISSUER = 'union-services/member-card';

let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
function cardKeys() {
  if (!keys) {
    const privateKey = createPrivateKey(env('MEMBER_CARD_PRIVATE_KEY').replace(/\\n/g, '\n'));
    keys = { privateKey, publicKey: createPublicKey(privateKey) };
  }
  return keys;
}

export async function signCardToken(
  memberNo: string,
  now = new Date(),
  { offline = false } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((iat + (offline ? OFFLINE_CARD_TOKEN_SECONDS : CARD_TOKEN_SECONDS)) * 1000);
  // `off` tells a verifier this QR came from a phone without network (it lives longer)
  const token = await new SignJWT(offline ? { off: 1 } : {})
    .setProtectedHeader({ alg: 'ES256', kid: 'card-1' })
    .setIssuer(ISSUER)
    .setSubject(memberNo)
    .setIssuedAt(iat)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(cardKeys().privateKey);
  return { token, expiresAt };
}

export async function cardPublicJwk(): Promise<JWK> {
  return { ...(await exportJWK(cardKeys().publicKey)), kid: 'card-1', alg: 'ES256', use: 'sig' };
}

/** The member number on a card QR, if the token is ours and still fresh. */
export async function readCardToken(token: string): Promise<string | null> {
  const read = await verifyCard(token, new Date(), 0);
  return 'memberNo' in read ? read.memberNo : null;
}

/** How far a stall's clock may be off when a card it scanned is judged at its own time. */
export const SCAN_CLOCK_TOLERANCE_S = 120;

/**
 * A card QR as it was when a stall scanned it (`at`, the device's time, issue 12): the member number,
 * or why not — `forged` (not our signature, not a card) or `expired` (already expired at `at`).
 */
export function readCardTokenAt(token: string, at: Date): Promise<{ memberNo: string } | { refused: 'forged' | 'expired' }> {
  return verifyCard(token, at, SCAN_CLOCK_TOLERANCE_S);
}

async function verifyCard(
  token: string,
  at: Date,
  clockTolerance: number,
): Promise<{ memberNo: string } | { refused: 'forged' | 'expired' }> {
  const { jwtVerify, errors } = await import('jose');
  try {
    const { payload } = await jwtVerify(token, cardKeys().publicKey, {
      issuer: ISSUER,
      algorithms: ['ES256'],
      currentDate: at,
      clockTolerance,
    });
    // a ticket is signed with the same key but has no issuer (and an audience): never a card
    return payload.sub && payload.aud === undefined ? { memberNo: payload.sub } : { refused: 'forged' };
  } catch (error) {
    return { refused: error instanceof errors.JWTExpired ? 'expired' : 'forged' };
  }
}

/** The card key pair: tickets are signed with it too (functions/lib/ticket.ts), so one public key verifies both offline. */
export function cardSigningKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return cardKeys();
}
