/**
 * Tests only: member cards and tickets signed as the server signs them (functions/lib/member-card-key.ts:
 * ES256 JWS, kid card-1, the signature as r‖s). node:crypto rather than jose, so the jsdom tests can
 * use it too (jose's node build mixes realms under jsdom); offline-verify.test.ts checks jose's own
 * tokens in Node.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';

export interface TestKeys {
  /** the public keys as GET /member-card/public-key answers them */
  publicKeys: Record<string, unknown>[];
  card(memberNo: string, expiresInSeconds?: number): string;
  ticket(activityId: string, memberId: string, expiresInSeconds?: number): string;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function testKeys(now = new Date()): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const iat = Math.floor(now.getTime() / 1000);
  const sign = (payload: Record<string, unknown>) => {
    const input = `${b64({ alg: 'ES256', kid: 'card-1' })}.${b64(payload)}`;
    const signature = createSign('SHA256').update(input).sign({ key: privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  };
  return {
    publicKeys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'card-1', alg: 'ES256', use: 'sig' }],
    card: (memberNo, expiresIn = 180) => sign({ iss: 'union-services/member-card', sub: memberNo, iat, exp: iat + expiresIn }),
    ticket: (activityId, memberId, expiresIn = 3600) => sign({ a: activityId, aud: 'ticket', sub: memberId, iat, exp: iat + expiresIn }),
  };
}
