import { SignJWT, decodeProtectedHeader } from 'jose';
import { readCardToken, readCardTokenAt, signCardToken } from './member-card-key';
import { readTicket, readTicketAt, signTicket } from './ticket';

/**
 * Tickets are ES256 tokens signed with the member-card key (a stall verifies both offline with one
 * public key); the HS256 tickets already on phones are read until they run out; a card is never a
 * ticket and a ticket never a card.
 */
describe('tickets', () => {
  it('are ES256 with the card key id, read back with their activity and member', async () => {
    const ticket = await signTicket('act-1', 'm-1');
    expect(decodeProtectedHeader(ticket)).toEqual({ alg: 'ES256', kid: 'card-1' });
    expect(await readTicket(ticket)).toEqual({ activityId: 'act-1', memberId: 'm-1' });
  });

  it('an HS256 ticket issued before the switch still reads', async () => {
    const legacy = await new SignJWT({ a: 'act-2' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('ticket')
      .setSubject('m-2')
      .setExpirationTime('30d')
      .sign(new TextEncoder().encode(process.env.JWT_SECRET));
    expect(await readTicket(legacy)).toEqual({ activityId: 'act-2', memberId: 'm-2' });
    const wrongSecret = await new SignJWT({ a: 'act-2' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('ticket')
      .setSubject('m-2')
      .setExpirationTime('30d')
      .sign(new TextEncoder().encode('not-the-secret-not-the-secret-0000'));
    expect(await readTicket(wrongSecret)).toBeNull();
  });

  it('judged at a scan time: expired after 30 days, forged when not ours; a card is no ticket and a ticket no card', async () => {
    const issued = new Date('2026-11-01T02:00:00Z');
    const ticket = await signTicket('act-3', 'm-3', issued);
    expect(await readTicketAt(ticket, new Date('2026-11-20T02:00:00Z'))).toEqual({ activityId: 'act-3', memberId: 'm-3' });
    expect(await readTicketAt(ticket, new Date('2026-12-02T02:00:00Z'))).toEqual({ refused: 'expired' });
    expect(await readTicketAt(`${ticket.slice(0, -4)}AAAA`, issued)).toEqual({ refused: 'forged' });
    expect(await readTicketAt('garbage', issued)).toEqual({ refused: 'forged' });

    const card = (await signCardToken('260101123456', issued)).token;
    expect(await readTicketAt(card, issued)).toEqual({ refused: 'forged' });
    expect(await readCardTokenAt(ticket, issued)).toEqual({ refused: 'forged' });
    expect(await readCardToken(await signTicket('act-3', 'm-3'))).toBeNull();
    expect(await readCardTokenAt(card, new Date(issued.getTime() + 60_000))).toEqual({ memberNo: '260101123456' });
    expect(await readCardTokenAt(card, new Date(issued.getTime() + 3600_000))).toEqual({ refused: 'expired' });
  });
});
