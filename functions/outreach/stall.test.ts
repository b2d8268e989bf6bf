import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler as createEvent } from './create-event';
import { handler as updateEvent } from './update-event';
import { handler as stallSync } from './stall-sync';
import { handler as takeLease } from './take-lease';
import { handler as returnLease } from './return-lease';
import { handler as eventFigures } from './event-figures';
import { returnExpiredLeases } from './return-expired-leases';
import { handler as listAudit } from '../audit/list-audit-entries';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { recordRequests, type SentRequest } from '../../test/functions-support/requests';
import { activity, member, request, sign } from '../../test/functions-support/activities';
import { signCardToken } from '../lib/member-card-key';
import { signTicket } from '../lib/ticket';
import { db, tableName } from '../lib/db';
import { dayPeriod, readStats } from '../tables/stats';

/**
 * Stall mode on DynamoDB Local (issue 12): offline actions synced once each, places leased to
 * devices and never handed out beyond capacity, tickets checked in once across devices, and every
 * action counted exactly once in the event's counters and the stats of its host org's path.
 */

type Login = 'staff' | 'shunyi-staff' | 'admin';
/** An event on a day of its own (years ahead), so its day's stats items hold only this test's figures. */
function ownDay(): string {
  const day = new Date(Date.UTC(2040, 0, 1) + Math.floor(Math.random() * 20 * 365) * 86_400_000);
  return new Date(day.getTime() + 2 * 3600_000).toISOString(); // 10:00 Beijing
}
const plus = (at: string, minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();

async function newEvent(
  services: Record<string, unknown>[] = [{ key: 'haircut', capacity: 2 }, { key: 'legal' }, { name: '手机贴膜', capacity: 10 }],
) {
  const startsAt = ownDay();
  const reply = await invoke(createEvent, {
    method: 'POST',
    token: await tokenFor('staff'),
    body: {
      hostOrgId: 'fengtai-lugouqiao',
      kind: 'worker',
      name: '卢沟桥职工沟通会',
      place: '卢沟桥文化广场',
      location: { lat: 39.85, lng: 116.22 },
      startsAt,
      endsAt: plus(startsAt, 180),
      services,
      clientRequestId: randomUUID(),
    },
  });
  expect(reply.status).toBe(201);
  return reply.body.event as { id: string; startsAt: string; endsAt: string; services: { key: string; name: string }[] };
}

const device = () => `dev-${randomUUID().slice(0, 12)}`;
const sync = async (deviceId: string, actions: Record<string, unknown>[], login: Login = 'staff') =>
  invoke(stallSync, { method: 'POST', token: await tokenFor(login), body: { deviceId, actions } });
const lease = async (eventId: string, deviceId: string, service: string, places: number, login: Login = 'staff') =>
  invoke(takeLease, { method: 'POST', token: await tokenFor(login), body: { eventId, deviceId, service, places } });
const figures = async (eventId: string, deviceId?: string, login: Login = 'staff') =>
  invoke(eventFigures, { params: { eventId }, query: deviceId ? { deviceId } : {}, token: await tokenFor(login) });

/** Staff edit the event made by newEvent: its services and status (the rest as made). */
const editEvent = async (event: { id: string; startsAt: string; endsAt: string }, services: Record<string, unknown>[], status: string) =>
  invoke(updateEvent, {
    method: 'PUT',
    params: { eventId: event.id },
    token: await tokenFor('staff'),
    body: {
      kind: 'worker',
      name: '卢沟桥职工沟通会',
      place: '卢沟桥文化广场',
      location: { lat: 39.85, lng: 116.22 },
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      services,
      staffIds: [],
      status,
    },
  });

/** A member of 卢沟桥 and their card QR as shown at `at`. */
async function worker(at: string, overrides: Parameters<typeof member>[0] = {}) {
  const m = await member(overrides);
  return { ...m, card: (await signCardToken(m.memberNo, new Date(at))).token };
}
const register = (eventId: string, at: string, service: string, card: string, waitlisted = false) => ({
  key: randomUUID(),
  kind: 'register',
  eventId,
  at,
  service,
  card,
  waitlisted,
});
const tally = (eventId: string, at: string, target: string, count: number) => ({
  key: randomUUID(),
  kind: 'tally',
  eventId,
  at,
  target,
  count,
});
const checkin = (eventId: string, at: string, ticket: string) => ({ key: randomUUID(), kind: 'checkin', eventId, at, ticket });

/** An activity of the event with a confirmed sign-up, and its ticket as issued at `at`. */
async function ticketFor(eventId: string | null, at: string) {
  const activityId = await activity({ capacity: 10 });
  if (eventId) {
    await db().send(
      new UpdateCommand({
        TableName: tableName('activities'),
        Key: { id: activityId },
        UpdateExpression: 'SET eventId = :e',
        ExpressionAttributeValues: { ':e': eventId },
      }),
    );
  }
  const m = await member({ name: '陈小明' });
  const signed = await sign(activityId, m.token, request());
  expect(signed.status).toBe(201);
  return { activityId, memberId: m.userId, ticket: await signTicket(activityId, m.userId, new Date(at)) };
}

/** The event's own stats (its pseudo-org items) and its host org's for the day of `at`. */
async function statsOf(orgId: string, at: string) {
  return (await readStats(orgId, [dayPeriod(at)], ['services', 'tallies', 'activities']))[dayPeriod(at)]!;
}

describe('the done-when at server level', () => {
  it('a lease of 2 and three registrations → done, done, waitlisted; a check-in; 5 leaflets; exact counts', async () => {
    const event = await newEvent();
    const deviceId = device();
    const leased = await lease(event.id, deviceId, 'haircut', 2);
    expect(leased.status).toBe(200);
    expect(leased.body).toMatchObject({ service: 'haircut', places: 2, used: 0 });

    const at = plus(event.startsAt, 30);
    const [w1, w2, w3] = await Promise.all([worker(at, { name: '王一二' }), worker(at), worker(at)]);
    const { ticket } = await ticketFor(event.id, at);
    const actions = [
      register(event.id, at, 'haircut', w1!.card),
      register(event.id, plus(at, 1), 'haircut', w2!.card),
      register(event.id, plus(at, 2), 'haircut', w3!.card, true), // the device had no leased place left
      checkin(event.id, plus(at, 3), ticket),
      tally(event.id, plus(at, 4), 'leaflet', 5),
    ];
    const reply = await sync(deviceId, actions);
    expect(reply.status).toBe(200);
    expect(reply.body.results.map((r: { key: string; outcome: string }) => [r.key, r.outcome])).toEqual([
      [actions[0]!.key, 'done'],
      [actions[1]!.key, 'done'],
      [actions[2]!.key, 'waitlisted'],
      [actions[3]!.key, 'done'],
      [actions[4]!.key, 'done'],
    ]);
    expect(reply.body.results[0]).toMatchObject({ name: '王*二', message: '已报名「理发」' });
    expect(reply.body.results[3]).toMatchObject({ name: '陈*明', message: '签到成功' });
    expect(JSON.stringify(reply.body)).not.toMatch(/136\d{8}/); // no phone numbers

    const shown = await figures(event.id, deviceId);
    expect(shown.status).toBe(200);
    expect(shown.body.services[0]).toEqual({
      key: 'haircut',
      name: '理发',
      capacity: 2,
      registered: 2,
      waitlisted: 1,
      leased: 0,
      tallied: 0,
    });
    expect(shown.body.tallies).toEqual({ consult: 0, leaflet: 5, aidCard: 0 });
    expect(shown.body.checkins).toBe(1);
    expect(shown.body.leases).toEqual([{ service: 'haircut', places: 2, used: 2, expiresAt: expect.any(String) }]);

    // exact: the event's own items, and the street, district and city for that (otherwise empty) day
    for (const orgId of [event.id, 'fengtai-lugouqiao', 'fengtai', 'beijing']) {
      expect([orgId, await statsOf(orgId, at)]).toEqual([
        orgId,
        { services: { haircut: 2 }, tallies: { leaflet: 5 }, activities: { checkins: 1 } },
      ]);
    }
    expect(await statsOf('shunyi', at)).toEqual({});

    // one audit entry for the request, none for a replay of it
    expect((await sync(deviceId, actions)).body).toEqual(reply.body);
    const audit = await invoke(listAudit, { query: { kind: 'stall.sync' }, token: await tokenFor('admin') });
    expect(audit.body.entries.filter((e: { objectId: string }) => e.objectId === event.id)).toEqual([
      expect.objectContaining({ summary: '同步 5 条摊位操作（报名 3、签到 1、计数 1）', objectLabel: '卢沟桥职工沟通会' }),
    ]);
  });
});

describe('replays and races', () => {
  it('the same queue synced twice at once, and again later: every action once, the same answers', async () => {
    const event = await newEvent();
    const deviceId = device();
    const at = plus(event.startsAt, 10);
    const workers = await Promise.all([worker(at), worker(at), worker(at)]);
    const { ticket } = await ticketFor(event.id, at);
    const queue = [
      ...workers.map((w) => register(event.id, at, 'legal', w.card)),
      register(event.id, at, 'haircut', workers[0]!.card),
      checkin(event.id, at, ticket),
      tally(event.id, at, 'consult', 3),
      { ...tally(event.id, at, 'leaflet', 1), target: undefined, service: 'legal' },
    ];
    const [a, b] = await Promise.all([sync(deviceId, queue), sync(deviceId, queue)]);
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(a.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['done', 'done', 'done', 'done', 'done', 'done', 'done']);
    const later = await sync(deviceId, queue, 'admin'); // another person replaying it: still the stored answers
    expect(later.body).toEqual(a.body);

    const shown = (await figures(event.id)).body;
    expect(shown.services.find((s: { key: string }) => s.key === 'legal')).toMatchObject({ registered: 3, tallied: 1 });
    expect(shown.services.find((s: { key: string }) => s.key === 'haircut')).toMatchObject({ registered: 1, leased: 0 });
    expect(shown.tallies.consult).toBe(3);
    expect(shown.checkins).toBe(1);
    expect(await statsOf(event.id, at)).toEqual({
      services: { legal: 4, haircut: 1 },
      tallies: { consult: 3 },
      activities: { checkins: 1 },
    });
  });

  it('a ticket checked in on two devices offline: the second is told who checked it in first, and when', async () => {
    const event = await newEvent();
    const at = plus(event.startsAt, 20);
    const { ticket } = await ticketFor(event.id, at);
    const first = await sync(device(), [checkin(event.id, at, ticket)], 'staff');
    expect(first.body.results[0].outcome).toBe('done');
    const second = await sync(device(), [checkin(event.id, plus(at, -5), ticket)], 'admin');
    expect(second.body.results[0]).toMatchObject({
      outcome: 'already',
      firstBy: '李*师', // 李老师, masked
      firstAt: at,
      name: '陈*明',
    });
    expect(second.body.results[0].message).toMatch(/^已签到（.+，李\*师）$/);
    expect((await statsOf(event.id, at)).activities).toEqual({ checkins: 1 });
  });

  it('30 registrations at once across 5 devices on a 10-place service: exactly 10 places', async () => {
    const event = await newEvent([{ name: '免费体检', capacity: 10 }]);
    const service = event.services[0]!.key;
    const devices = Array.from({ length: 5 }, device);
    // two devices hold 3 places each; the other three hand out from the pool when they sync
    expect((await lease(event.id, devices[0]!, service, 3)).body.places).toBe(3);
    expect((await lease(event.id, devices[1]!, service, 3)).body.places).toBe(3);
    const at = plus(event.startsAt, 60);
    const queues = await Promise.all(
      devices.map(async (d) => ({
        d,
        actions: await Promise.all(Array.from({ length: 6 }, async () => register(event.id, at, service, (await worker(at)).card))),
      })),
    );
    const replies = await Promise.all(queues.map(({ d, actions }) => sync(d, actions)));
    const outcomes = replies.flatMap((r) => r.body.results.map((x: { outcome: string }) => x.outcome));
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'waitlisted')).toHaveLength(20);
    // a device's leased places were its own: each of the two got at least its 3
    for (const r of replies.slice(0, 2))
      expect(r.body.results.filter((x: { outcome: string }) => x.outcome === 'done').length).toBeGreaterThanOrEqual(3);
    const shown = (await figures(event.id)).body.services[0];
    expect(shown).toMatchObject({ capacity: 10, registered: 10, waitlisted: 20, leased: 0 });
    expect((await statsOf(event.id, at)).services).toEqual({ [service]: 10 });
    expect((await lease(event.id, device(), service, 5)).body).toMatchObject({ places: 0, used: 0 }); // nothing free
  });

  it('a burst of +1 and −1 tallies from many devices: exact, and never below 0', async () => {
    const event = await newEvent();
    const at = plus(event.startsAt, 5);
    expect((await sync(device(), [tally(event.id, at, 'aidCard', 10)])).body.results[0].outcome).toBe('done');
    const burst = [...Array.from({ length: 20 }, () => 1), ...Array.from({ length: 10 }, () => -1)];
    const replies = await Promise.all(burst.map((n) => sync(device(), [tally(event.id, at, 'aidCard', n)])));
    expect(replies.every((r) => r.body.results[0].outcome === 'done')).toBe(true);
    expect((await figures(event.id)).body.tallies.aidCard).toBe(20);
    expect((await statsOf(event.id, at)).tallies).toEqual({ aidCard: 20 });
    const tooMany = await sync(device(), [tally(event.id, at, 'aidCard', -21), tally(event.id, at, 'consult', -1)]);
    expect(tooMany.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['not_eligible', 'not_eligible']);
    expect(tooMany.body.results[0].message).toMatch(/互助服务卡/);
    expect((await figures(event.id)).body.tallies).toEqual({ consult: 0, leaflet: 0, aidCard: 20 });
  });
});

describe('a queue of taps', () => {
  it('60 +1s of one event go in one transaction (the stats items written once, not 60 times); their replay counts nothing', async () => {
    const event = await newEvent();
    const at = plus(event.startsAt, 5);
    const taps = Array.from({ length: 60 }, (_, i) =>
      i % 4 === 3
        ? { key: randomUUID(), kind: 'tally', eventId: event.id, at: plus(at, i), service: event.services[1]!.key, count: 1 }
        : tally(event.id, plus(at, i), ['consult', 'leaflet', 'aidCard'][i % 4]!, 1),
    );
    const transactions = (sent: SentRequest[]) => sent.filter((r) => r.command === 'TransactWriteItemsCommand').length;
    const { result: reply, sent } = await recordRequests(() => sync(device(), taps));
    expect(reply.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(Array(60).fill('done'));
    expect(transactions(sent)).toBe(1); // the taps' one transaction (the sync's audit entry is a Put)
    const { result: replay, sent: again } = await recordRequests(() => sync(device(), taps));
    expect(replay.body.results).toEqual(reply.body.results);
    expect(transactions(again)).toBe(0);
    expect((await figures(event.id)).body.tallies).toEqual({ consult: 15, leaflet: 15, aidCard: 15 });
    expect((await statsOf(event.id, at)).tallies).toEqual({ consult: 15, leaflet: 15, aidCard: 15 });
    expect((await statsOf(event.id, at)).services).toEqual({ [event.services[1]!.key]: 15 });
  });
});

describe('edge cases a phone or staff can cause', () => {
  it('a capacity given later to an unlimited service counts the places already registered as taken', async () => {
    const event = await newEvent([{ key: 'legal' }]);
    const at = plus(event.startsAt, 5);
    const people = await Promise.all(Array.from({ length: 5 }, () => worker(at)));
    const early = await sync(
      device(),
      people.slice(0, 3).map((p) => register(event.id, at, 'legal', p.card)),
    );
    expect(early.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['done', 'done', 'done']);
    const edited = await editEvent(event, [{ key: 'legal', capacity: 2 }], 'open');
    expect(edited.status).toBe(200);
    const later = await sync(
      device(),
      people.slice(3).map((p) => register(event.id, at, 'legal', p.card)),
    );
    expect(later.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['waitlisted', 'waitlisted']);
    expect((await lease(event.id, device(), 'legal', 2)).body.places).toBe(0);
    expect((await figures(event.id)).body.services[0]).toMatchObject({ capacity: 2, registered: 3, waitlisted: 2 });
  });

  it('the same key twice in one queue is one action, answered the same in both places; no transaction writes an item twice', async () => {
    const event = await newEvent();
    const at = plus(event.startsAt, 5);
    const tap = tally(event.id, at, 'leaflet', 1);
    const undo = tally(event.id, at, 'leaflet', -1);
    const { result: reply, sent } = await recordRequests(() => sync(device(), [tap, tap, tally(event.id, at, 'consult', 1), undo, undo]));
    expect(reply.status).toBe(200);
    const results = reply.body.results as { key: string; outcome: string }[];
    expect(results.map((r) => r.key)).toEqual([tap.key, tap.key, expect.any(String), undo.key, undo.key]);
    expect(results[1]).toEqual(results[0]);
    expect(results[4]).toEqual(results[3]);
    // DynamoDB refuses a transaction that writes one item twice (DynamoDB Local does not always)
    const writesAnItemTwice = sent
      .filter((r) => r.command === 'TransactWriteItemsCommand')
      .map((r) =>
        (r.input.TransactItems as Record<string, { TableName: string; Key?: object; Item?: { pk: string; sk: string } }>[])
          .map((step) => Object.values(step)[0]!)
          .map((op) => JSON.stringify([op.TableName, op.Key ?? { pk: op.Item!.pk, sk: op.Item!.sk }])),
      )
      .filter((items) => new Set(items).size !== items.length);
    expect(writesAnItemTwice).toEqual([]);
    expect((await figures(event.id)).body.tallies).toEqual({ consult: 1, leaflet: 0, aidCard: 0 });
  });
});

describe('bad queue items', () => {
  it('each answered on its own, in order, none lost, none counted', async () => {
    const event = await newEvent([{ key: 'haircut', capacity: 1 }, { key: 'legal' }]);
    const closed = await newEvent();
    const closing = await editEvent(closed, [{ key: 'haircut', capacity: 2 }], 'closed');
    expect(closing.status).toBe(200);
    const at = plus(event.startsAt, 15);
    const [first, second, pending] = await Promise.all([worker(at), worker(at), worker(at, { status: 'pending' })]);
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'card-1' })
      .setIssuer('union-services/member-card')
      .setSubject(first!.memberNo)
      .setIssuedAt(Math.floor(Date.parse(at) / 1000))
      .setExpirationTime(Math.floor(Date.parse(at) / 1000) + 180)
      .sign(createPrivateKey(otherKey.export({ format: 'pem', type: 'pkcs8' })));
    const expired = (await signCardToken(second!.memberNo, new Date(Date.parse(at) - 3600_000))).token;
    const elsewhere = await ticketFor(null, at); // an activity of no event
    const queue = [
      register(event.id, at, 'haircut', first!.card), // the one place
      register(closed.id, at, 'haircut', second!.card), // an event that closed
      register(event.id, at, 'haircut', second!.card), // the service is full
      register(event.id, at, 'legal', pending!.card), // not a member yet
      register(event.id, at, 'legal', forged), // not our signature
      register(event.id, at, 'legal', expired), // expired when scanned
      register(event.id, at, 'tcm', first!.card), // a service the event does not offer
      { ...tally(event.id, at, 'leaflet', 2), target: undefined, service: 'eye-check' }, // likewise
      register(event.id, plus(event.endsAt, 13 * 60), 'legal', first!.card), // long after the event
      checkin(event.id, at, elsewhere.ticket), // a ticket of another activity
      checkin(event.id, at, 'not-a-ticket'),
      register(event.id, at, 'haircut', first!.card), // the same worker again
      register(randomUUID(), at, 'legal', first!.card), // no such event
    ];
    const reply = await sync(device(), queue);
    expect(reply.status).toBe(200);
    expect(reply.body.results.map((r: { key: string; outcome: string }) => [r.key, r.outcome])).toEqual(
      queue.map((a, i) => [
        a.key,
        [
          'done',
          'closed',
          'waitlisted',
          'not_eligible',
          'forged',
          'expired',
          'unknown_service',
          'unknown_service',
          'closed',
          'wrong_event',
          'forged',
          'already',
          'closed',
        ][i],
      ]),
    );
    for (const r of reply.body.results) expect(r.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(reply.body.results[3].message).toBe('不是有效会员');
    const shown = (await figures(event.id)).body;
    expect(shown.services).toEqual([
      { key: 'haircut', name: '理发', capacity: 1, registered: 1, waitlisted: 1, leased: 0, tallied: 0 },
      { key: 'legal', name: '法律咨询', registered: 0, waitlisted: 0, leased: 0, tallied: 0 },
    ]);
    expect(await statsOf(event.id, at)).toEqual({ services: { haircut: 1 } });
    expect(await statsOf(closed.id, at)).toEqual({});
  });

  it('an event of another district: every action closed, nothing written; its figures and leases refused', async () => {
    const event = await newEvent();
    const at = plus(event.startsAt, 15);
    const reply = await sync(device(), [tally(event.id, at, 'leaflet', 1)], 'shunyi-staff');
    expect(reply.status).toBe(200);
    expect(reply.body.results[0]).toMatchObject({ outcome: 'closed', message: '不是本组织的沟通会' });
    expect((await figures(event.id, undefined, 'shunyi-staff')).status).toBe(403);
    expect((await lease(event.id, device(), 'haircut', 1, 'shunyi-staff')).status).toBe(403);
    expect((await figures(event.id)).body.tallies.leaflet).toBe(0);
  });
});

describe('leases', () => {
  it('top up to the places asked, never beyond capacity; returned; an unlimited or unknown service refused', async () => {
    const event = await newEvent([{ key: 'haircut', capacity: 5 }, { key: 'legal' }]);
    const [a, b] = [device(), device()];
    expect((await lease(event.id, a, 'haircut', 3)).body).toMatchObject({ places: 3, used: 0 });
    expect((await lease(event.id, a, 'haircut', 3)).body).toMatchObject({ places: 3 }); // already holds 3 unused
    expect((await lease(event.id, b, 'haircut', 4)).body).toMatchObject({ places: 2 }); // only 2 left
    const at = plus(event.startsAt, 1);
    const w = await worker(at);
    expect((await sync(a, [register(event.id, at, 'haircut', w.card)])).body.results[0].outcome).toBe('done');
    expect((await lease(event.id, a, 'haircut', 3)).body).toMatchObject({ places: 3, used: 1 }); // nothing free to top up with
    const back = await invoke(returnLease, {
      method: 'POST',
      token: await tokenFor('staff'),
      body: { eventId: event.id, deviceId: b, service: 'haircut' },
    });
    expect(back.body).toEqual({ returned: 2 });
    const again = await invoke(returnLease, {
      method: 'POST',
      token: await tokenFor('staff'),
      body: { eventId: event.id, deviceId: b, service: 'haircut' },
    });
    expect(again.body).toEqual({ returned: 0 });
    expect((await lease(event.id, a, 'haircut', 3)).body).toMatchObject({ places: 4, used: 1 }); // topped up to 3 unused
    expect((await figures(event.id, a)).body.services[0]).toMatchObject({ registered: 1, leased: 3 });

    const unlimited = await lease(event.id, a, 'legal', 3);
    expect(unlimited.status).toBe(409);
    expect(unlimited.body.message).toMatch(/不限名额/);
    const unknown = await lease(event.id, a, 'tcm', 3);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fieldErrors.service).toEqual(['本沟通会没有这项服务']);
  });

  it('ten devices leasing at once never hold more than the capacity', async () => {
    const event = await newEvent([{ key: 'haircut', capacity: 12 }]);
    const replies = await Promise.all(Array.from({ length: 10 }, () => lease(event.id, device(), 'haircut', 3)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies.reduce((sum, r) => sum + r.body.places, 0)).toBe(12);
    expect((await figures(event.id)).body.services[0]).toMatchObject({ leased: 12, registered: 0 });
  });

  it('a lease not returned gives its unused places back 12 hours after its last top-up (the sweep)', async () => {
    const event = await newEvent([{ key: 'haircut', capacity: 5 }]);
    const d = device();
    await lease(event.id, d, 'haircut', 4);
    const at = plus(event.startsAt, 1);
    const w = await worker(at);
    expect((await sync(d, [register(event.id, at, 'haircut', w.card)])).body.results[0].outcome).toBe('done');
    expect((await returnExpiredLeases(new Date(Date.now() + 11 * 3600_000))).returned).toBe(0);
    const swept = await returnExpiredLeases(new Date(Date.now() + 13 * 3600_000));
    expect(swept.failed).toBe(0);
    expect(swept.returned).toBeGreaterThanOrEqual(1);
    expect((await figures(event.id, d)).body).toMatchObject({
      services: [expect.objectContaining({ registered: 1, leased: 0 })],
      leases: [],
    });
    // the device's next registration takes a free place from the pool
    const w2 = await worker(at);
    expect((await sync(d, [register(event.id, at, 'haircut', w2.card)])).body.results[0].outcome).toBe('done');
  });
});
