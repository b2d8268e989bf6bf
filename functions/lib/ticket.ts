import { SignJWT, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { env } from './config';
import { cardSigningKeys, SCAN_CLOCK_TOLERANCE_S } from './member-card-key';

/**
 * A sign-up's entry ticket: an ES256 token signed with the member-card key (kid card-1, audience
 * `ticket`, sub = memberId, claim `a` = activityId, no issuer — a card has one, so neither passes for
 * the other), valid 30 days, so a stall verifies tickets offline with the card's public key
 * (GET /member-card/public-key). Tickets issued before (HS256 over JWT_SECRET, also 30 days) are
 * still read until they run out.
 */
const legacyKey = () => new TextEncoder().encode(env('JWT_SECRET'));

const TICKET_SECONDS = 30 * 24 * 3600;

export async function signTicket(activityId: string, memberId: string, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ a: activityId })
    .setProtectedHeader({ alg: 'ES256', kid: 'card-1' })
    .setAudience('ticket')
    .setSubject(memberId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + TICKET_SECONDS)
    .sign(cardSigningKeys().privateKey);
}

export type TicketRead = { activityId: string; memberId: string } | { refused: 'forged' | 'expired' };

/** A ticket as it was at `at` (a stall's scan time): whose and for which activity, or why not. */
export async function readTicketAt(token: string, at: Date, clockTolerance = SCAN_CLOCK_TOLERANCE_S): Promise<TicketRead> {
  try {
    const alg = decodeProtectedHeader(token).alg;
    const key = alg === 'ES256' ? cardSigningKeys().publicKey : alg === 'HS256' ? legacyKey() : null;
    if (!key) return { refused: 'forged' };
    const { payload } = await jwtVerify(token, key, {
      audience: 'ticket',
      algorithms: [alg as string],
      currentDate: at,
      clockTolerance,
    });
    return typeof payload.a === 'string' && payload.sub ? { activityId: payload.a, memberId: payload.sub } : { refused: 'forged' };
  } catch (error) {
    return { refused: error instanceof errors.JWTExpired ? 'expired' : 'forged' };
  }
}

export async function readTicket(token: string): Promise<{ activityId: string; memberId: string } | null> {
  const read = await readTicketAt(token, new Date(), 0);
  return 'refused' in read ? null : read;
}
