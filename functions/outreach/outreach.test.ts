import { randomUUID } from 'node:crypto';
import { handler as createEvent } from './create-event';
import { handler as updateEvent } from './update-event';
import { handler as listEvents } from './list-events';
import { handler as getEvent } from './get-event';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { beijingDate } from '../../shared/beijing-time';
import { listEventsPage } from '../tables/outreach';
import { dayPeriod, monthPeriod, readStats } from '../tables/stats';

/**
 * Outreach events (沟通会, issue 12) on DynamoDB Local: created once per request id, listed for the
 * host org's subtree (one Query), counted in the stats of the host org and every ancestor.
 */

/**
 * A start on a day of its own (years ahead, away from any other test's events), so the day's stats
 * items count only this test's events and the event is on the first page of every list.
 */
function ownDay(): string {
  const day = new Date(Date.UTC(2040, 0, 1) + Math.floor(Math.random() * 20 * 365) * 86_400_000);
  return new Date(day.getTime() + 2 * 3600_000).toISOString(); // 10:00 Beijing
}
const after = (at: string, hours: number) => new Date(Date.parse(at) + hours * 3600_000).toISOString();

const newEvent = (overrides: Record<string, unknown> = {}) => {
  const startsAt = (overrides.startsAt as string | undefined) ?? ownDay();
  return {
    hostOrgId: 'fengtai-lugouqiao',
    kind: 'worker',
    name: '新就业形态劳动者沟通会',
    place: '卢沟桥文化广场',
    location: { lat: 39.85, lng: 116.22 },
    startsAt,
    endsAt: after(startsAt, 3),
    services: [{ key: 'haircut', capacity: 30 }, { key: 'legal' }, { name: '手机贴膜' }],
    staffIds: ['demo-staff'],
    clientRequestId: randomUUID(),
    ...overrides,
  };
};

const create = async (body: Record<string, unknown>, login: 'staff' | 'shunyi-staff' | 'admin' = 'staff') =>
  invoke(createEvent, { method: 'POST', body, token: await tokenFor(login) });
const list = async (login: 'staff' | 'shunyi-staff' | 'admin') => (await invoke(listEvents, { token: await tokenFor(login) })).body;
const idsOf = (page: { events: { id: string }[] }) => page.events.map((e) => e.id);

/** The `events` counters of each org of the path for the Beijing day and month of `at`. */
async function counted(orgIds: string[], at: string) {
  return Promise.all(
    orgIds.map(async (orgId) => {
      const stats = await readStats(orgId, [dayPeriod(at), monthPeriod(at)], ['events']);
      return { orgId, day: stats[dayPeriod(at)]?.events ?? {}, month: stats[monthPeriod(at)]?.events ?? {} };
    }),
  );
}

describe('creating an outreach event', () => {
  it('lists it for the host org and every ancestor, not for a sibling district, and counts it in their stats', async () => {
    const body = newEvent();
    const reply = await create(body);
    expect(reply.status).toBe(201);
    expect(reply.body.created).toBe(true);
    const event = reply.body.event;
    expect(event).toMatchObject({
      hostOrgId: 'fengtai-lugouqiao',
      hostOrgName: '卢沟桥街道总工会',
      kind: 'worker',
      status: 'planned',
      startsAt: body.startsAt,
      staffIds: ['demo-staff'],
    });
    expect(event.services).toEqual([
      { key: 'haircut', name: '理发', capacity: 30 },
      { key: 'legal', name: '法律咨询' },
      { key: expect.stringMatching(/^c-[0-9a-f]{10}$/), name: '手机贴膜' },
    ]);
    expect(event.createdBy).toBeUndefined();

    expect(idsOf(await list('staff'))).toContain(event.id); // 卢沟桥街道
    expect(idsOf(await list('admin'))).toContain(event.id); // 丰台区
    expect(idsOf(await listEventsPage({ id: 'beijing', path: ['beijing'] }))).toContain(event.id); // the city
    expect(idsOf(await list('shunyi-staff'))).not.toContain(event.id); // 后沙峪镇, in 顺义区

    const got = await invoke(getEvent, { params: { eventId: event.id }, token: await tokenFor('admin') });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(event);
    const elsewhere = await invoke(getEvent, { params: { eventId: event.id }, token: await tokenFor('shunyi-staff') });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.message).toMatch(/[\u4e00-\u9fa5]/);

    const stats = await counted(['beijing', 'fengtai', 'fengtai-lugouqiao', 'shunyi'], body.startsAt);
    for (const orgId of ['beijing', 'fengtai', 'fengtai-lugouqiao']) {
      expect(stats.find((s) => s.orgId === orgId)).toMatchObject({ day: { worker: 1, total: 1 }, month: { worker: expect.any(Number) } });
      expect(stats.find((s) => s.orgId === orgId)!.month.worker).toBeGreaterThanOrEqual(1);
    }
    expect(stats.find((s) => s.orgId === 'shunyi')!.day).toEqual({});
  });

  it('a retried create returns the same event and counts it once', async () => {
    const body = newEvent({ kind: 'enterprise' });
    const first = await create(body);
    const again = await create(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ event: first.body.event, created: false });
    const [city] = await counted(['beijing'], body.startsAt);
    expect(city!.day).toEqual({ enterprise: 1, total: 1 });
  });

  it('ten creates at once with one request id make one event, counted once', async () => {
    const body = newEvent({ kind: 'citywide', hostOrgId: 'fengtai' });
    const replies = await Promise.all(Array.from({ length: 10 }, () => create(body, 'admin')));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(replies.map((r) => r.body.event.id)).size).toBe(1);
    expect(replies.filter((r) => r.body.created)).toHaveLength(1);
    const stats = await counted(['beijing', 'fengtai', 'fengtai-lugouqiao'], body.startsAt);
    expect(stats.map((s) => s.day)).toEqual([{ citywide: 1, total: 1 }, { citywide: 1, total: 1 }, {}]);
    // the month item holds the same count (plus any other event of this test in that month)
    expect(stats[0]!.month.citywide).toBeGreaterThanOrEqual(1);
    expect(idsOf(await list('admin')).filter((id) => id === replies[0]!.body.event.id)).toHaveLength(1);
  });

  it('another person with the same request id makes an event of their own', async () => {
    const body = newEvent();
    const a = await create(body, 'staff');
    const b = await create(body, 'admin');
    expect(b.body.created).toBe(true);
    expect(b.body.event.id).not.toBe(a.body.event.id);
  });

  it('refuses staff outside the host org, and bad input, with Chinese messages', async () => {
    const outside = await create(newEvent(), 'shunyi-staff');
    expect(outside.status).toBe(403);
    expect(outside.body.message).toMatch(/[\u4e00-\u9fa5]/);

    const cases: [Record<string, unknown>, string][] = [
      [{ endsAt: '2041-01-01T00:00:00.000Z', startsAt: '2041-01-01T02:00:00.000Z' }, 'endsAt'],
      [{ startsAt: '2041-01-01T00:00:00.000Z', endsAt: '2041-01-20T00:00:00.000Z' }, 'endsAt'],
      [{ location: { lat: 1.2, lng: 103.8 } }, 'location.lat'],
      [{ services: [] }, 'services'],
      [{ services: [{ key: 'haircut' }, { key: 'haircut' }] }, 'services'],
      [{ services: [{ key: 'massage' }] }, 'services.0.key'],
      [{ services: [{ key: 'haircut', name: '理发' }] }, 'services.0.name'],
      [{ services: [{ key: 'haircut', capacity: 0 }] }, 'services.0.capacity'],
      [{ staffIds: Array.from({ length: 21 }, (_, i) => `staff-${i}`) }, 'staffIds'],
      [{ staffIds: ['demo-staff', 'demo-staff'] }, 'staffIds'],
      [{ kind: 'party' }, 'kind'],
      [{ name: '' }, 'name'],
      [{ clientRequestId: 'x' }, 'clientRequestId'],
    ];
    for (const [overrides, field] of cases) {
      const reply = await create(newEvent(overrides));
      expect({ field, status: reply.status }).toEqual({ field, status: 400 });
      expect(reply.body.code).toBe('bad_request');
      expect(reply.body.fieldErrors[field]?.[0]).toMatch(/[\u4e00-\u9fa5]/);
    }
    const unknownOrg = await create(newEvent({ hostOrgId: 'no-such-org' }));
    expect(unknownOrg.status).toBe(404);
    expect(unknownOrg.body.message).toBe('找不到这个组织');
  });
});

describe('editing an outreach event', () => {
  const edit = (event: Record<string, unknown>, changes: Record<string, unknown> = {}) => {
    const { kind, name, place, location, startsAt, endsAt, staffIds, status } = event;
    const services = (event.services as { key: string; name: string; capacity?: number }[]).map((s) =>
      s.key.startsWith('c-') ? { name: s.name } : { key: s.key, ...(s.capacity ? { capacity: s.capacity } : {}) },
    );
    return { kind, name, place, location, startsAt, endsAt, services, staffIds, status, ...changes };
  };

  it('saves the edit; a new kind and day move the count in the stats', async () => {
    const body = newEvent();
    const event = (await create(body)).body.event;
    const movedTo = ownDay();
    const reply = await invoke(updateEvent, {
      method: 'PUT',
      params: { eventId: event.id },
      body: edit(event, { kind: 'enterprise', startsAt: movedTo, endsAt: after(movedTo, 2), status: 'open', name: '企业沟通会（改期）' }),
      token: await tokenFor('staff'),
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: event.id, kind: 'enterprise', startsAt: movedTo, status: 'open', name: '企业沟通会（改期）' });
    expect(reply.body.services).toEqual(event.services);
    const [before] = await counted(['fengtai'], body.startsAt);
    const [now] = await counted(['fengtai'], movedTo);
    expect(before!.day).toEqual({ worker: 0, total: 0 });
    expect(now!.day).toEqual({ enterprise: 1, total: 1 });
    expect((await invoke(getEvent, { params: { eventId: event.id }, token: await tokenFor('staff') })).body).toEqual(reply.body);
    expect(beijingDate(reply.body.startsAt)).toBe(beijingDate(movedTo));
  });

  it('simultaneous edits each answer 200 or 409, never 500, and the count stays exact', async () => {
    const body = newEvent();
    const event = (await create(body)).body.event;
    const token = await tokenFor('staff');
    const replies = await Promise.all(
      (['enterprise', 'citywide', 'worker', 'enterprise', 'citywide', 'worker'] as const).map((kind) =>
        invoke(updateEvent, { method: 'PUT', params: { eventId: event.id }, body: edit(event, { kind }), token }),
      ),
    );
    expect(replies.filter((r) => r.status !== 200 && r.status !== 409).map((r) => [r.status, r.body])).toEqual([]);
    const final = (await invoke(getEvent, { params: { eventId: event.id }, token })).body;
    const [street] = await counted(['fengtai-lugouqiao'], body.startsAt);
    expect(street!.day.total).toBe(1);
    expect(street!.day[final.kind]).toBe(1);
    expect(Object.entries(street!.day).filter(([k, v]) => k !== 'total' && v !== 0)).toEqual([[final.kind, 1]]);
  });

  it('refuses staff outside the host org and unknown events', async () => {
    const event = (await create(newEvent())).body.event;
    const outside = await invoke(updateEvent, {
      method: 'PUT',
      params: { eventId: event.id },
      body: edit(event, { name: '越权修改' }),
      token: await tokenFor('shunyi-staff'),
    });
    expect(outside.status).toBe(403);
    const missing = await invoke(updateEvent, {
      method: 'PUT',
      params: { eventId: 'ev-nothing-here' },
      body: edit(event),
      token: await tokenFor('staff'),
    });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('找不到这场沟通会');
  });
});
