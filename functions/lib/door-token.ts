import { createHmac, timingSafeEqual } from 'node:crypto';
import { env, optionalEnv } from './config';

/**
 * A station's door token: the first 16 base64url characters (96 bits) of an HMAC-SHA256 of its id,
 * printed in the door poster's QR (docs/station-network.md, "Bad input and crowds"). Only the door
 * counts a visit: opening a station from the list carries no token, and a token cannot be made up
 * without the secret. Nothing is stored; a token is valid as long as the station id and the secret.
 * The secret is DOOR_SECRET (deployed stages: `doorSecret` in Secrets Manager), so rotating the
 * session secret does not void every printed poster; without it (local runs, tests) JWT_SECRET.
 */
const TOKEN_CHARS = 16;

export function doorToken(stationId: string): string {
  // domain-separated from the session and join-code signatures that may share the secret
  const secret = optionalEnv('DOOR_SECRET') ?? env('JWT_SECRET');
  return createHmac('sha256', secret).update(`door-v1\u0000${stationId}`).digest('base64url').slice(0, TOKEN_CHARS);
}

export function verifyDoorToken(stationId: string, token: string): boolean {
  const expected = Buffer.from(doorToken(stationId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What the door poster's QR carries: <JOIN_BASE_URL>/d/<stationId>/<token> (the H5 app opens it; so does 微信扫一扫). */
export function doorUrl(stationId: string): string {
  const base = (optionalEnv('JOIN_BASE_URL') ?? 'http://127.0.0.1:10086').replace(/\/$/, '');
  return `${base}/d/${encodeURIComponent(stationId)}/${doorToken(stationId)}`;
}
