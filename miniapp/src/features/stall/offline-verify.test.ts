/**
 * @jest-environment node
 */
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { testKeys } from './test-keys';
import { verifyScanned, type PublicJwk } from './offline-verify';

const now = new Date('2026-11-29T04:00:00Z');
const iat = Math.floor(now.getTime() / 1000);

describe('offline verification of member cards and tickets', () => {
  it('takes cards and tickets signed by jose exactly as the server signs them, many times over', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const keys: PublicJwk[] = [{ ...(await exportJWK(publicKey)), kid: 'card-1' }];
    for (let i = 0; i < 30; i++) {
      // jose does not normalise s to the low half: about half of these would fail a low-s verifier
      const card = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'card-1' })
        .setIssuer('union-services/member-card')
        .setSubject(`1101060001${String(i).padStart(2, '0')}`)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 180)
        .sign(privateKey);
      expect(verifyScanned(card, keys, now)).toEqual({
        ok: true,
        kind: 'card',
        memberNo: `1101060001${String(i).padStart(2, '0')}`,
        expiresAt: new Date((iat + 180) * 1000).toISOString(),
      });
    }
    const ticket = await new SignJWT({ a: 'ac-clinic' })
      .setProtectedHeader({ alg: 'ES256', kid: 'card-1' })
      .setAudience('ticket')
      .setSubject('u-42')
      .setExpirationTime(iat + 3600)
      .sign(privateKey);
    expect(verifyScanned(ticket, keys, now)).toMatchObject({ ok: true, kind: 'ticket', activityId: 'ac-clinic', memberId: 'u-42' });
  });

  it('refuses a card signed with another key, or altered after signing', () => {
    const keys = testKeys(now);
    expect(verifyScanned(testKeys(now).card('110106000123'), keys.publicKeys, now)).toMatchObject({ ok: false, reason: 'forged' });

    const [h, , s] = keys.card('110106000123').split('.');
    const swapped = Buffer.from(JSON.stringify({ iss: 'union-services/member-card', sub: '110106999999', exp: iat + 180 })).toString(
      'base64url',
    );
    expect(verifyScanned(`${h}.${swapped}.${s}`, keys.publicKeys, now)).toMatchObject({ ok: false, reason: 'forged' });
  });

  it('refuses an expired card or ticket', () => {
    const keys = testKeys(now);
    expect(verifyScanned(keys.card('110106000123', -120), keys.publicKeys, now)).toMatchObject({
      ok: false,
      message: '二维码已过期，请职工重新打开会员卡或入场票',
    });
    expect(verifyScanned(keys.ticket('ac-clinic', 'u-42', -120), keys.publicKeys, now)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('tells other QR codes and a phone without the key apart', () => {
    const keys = testKeys(now);
    expect(verifyScanned('https://example.com/join/abc', keys.publicKeys, now)).toMatchObject({ reason: 'unknown' });
    expect(verifyScanned('a.b.c', keys.publicKeys, now)).toMatchObject({ reason: 'unknown' });
    expect(verifyScanned(keys.card('110106000123'), [], now)).toMatchObject({ reason: 'no-key' });
  });
});
