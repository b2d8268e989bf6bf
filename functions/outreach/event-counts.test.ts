import { randomUUID } from 'node:crypto';
import { handler as createEvent } from './create-event';
import { handler as updateEvent } from './update-event';
import { handler as eventFigures } from './event-figures';
import { handler as createJoinCode } from '../join/create-join-code';
import { handler as joinUnion } from '../join/join-union';
import { handler as moveOrg } from '../org-admin/move-org';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { signSession } from '../lib/auth/session-token';
import { putUserWithIdentity } from '../tables/users';
import { getOrg, putOrg } from '../tables/orgs';
import { getEvent, rescopeEventsOfOrg } from '../tables/outreach';
import { dayPeriod, monthPeriod, readStats } from '../tables/stats';

/**
 * Where an event's figures are counted and read (issue 12 review, docs/outreach.md), on DynamoDB
 * Local: the dashboard's totals take joins made through the event's code on any day, and an edit
 * of an event whose host org moved takes its count from where it was made.
 */

const hour = 3600_000;
const day = 24 * hour;
const STREET = 'fengtai-lugouqiao';
/** 10:00 Beijing on a random day of [from, from + 20) years: days and months of this file's own. */
const ownDay = (from: number) => new Date(Date.UTC(from, 0, 1) + Math.floor(Math.random() * 20 * 365) * day + 2 * hour);

const eventBody = (hostOrgId: string, startsAt: Date) => ({
  hostOrgId,
  kind: 'worker',
  name: '统计口径沟通会',
  place: '卢沟桥文化广场',
  location: { lat: 39.85, lng: 116.22 },
  startsAt: startsAt.toISOString(),
  endsAt: new Date(startsAt.getTime() + 3 * hour).toISOString(),
  services: [{ key: 'haircut' }],
  clientRequestId: randomUUID(),
});

describe('the event dashboard (GET /staff/events/{eventId}/figures)', () => {
  // Date alone is faked (timers run): the join comes 40 days after the event, in another month
  const START = ownDay(2100);
  beforeAll(() =>
    jest.useFakeTimers({
      now: new Date(START.getTime() - 2 * day),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    }),
  );
  afterAll(() => jest.useRealTimers());

  const join = async (codeToken: string, occupation: string) => {
    const session = (await signSession({ userId: `w-${randomUUID()}`, role: 'worker', actingOrgId: null })).token;
    const mobile = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const joined = await invoke(joinUnion, {
      method: 'POST',
      params: { token: codeToken },
      token: session,
      body: { name: '王小明', mobile, employer: '美团', occupation, consent: true },
    });
    expect(joined.status).toBe(201);
  };

  it('counts in its totals a join through its code on a day after the event, and its hours stay the event’s', async () => {
    const created = await invoke(createEvent, { method: 'POST', token: await tokenFor('staff'), body: eventBody(STREET, START) });
    expect(created.status).toBe(201);
    const eventId: string = created.body.event.id;
    const code = await invoke(createJoinCode, {
      method: 'POST',
      token: await tokenFor('staff'),
      body: { orgId: STREET, eventId, validDays: 366 },
    });
    expect(code.status).toBe(201);

    jest.setSystemTime(new Date(START.getTime() + hour)); // on the day: 11:00
    await join(code.body.token, 'food-delivery');
    jest.setSystemTime(new Date(START.getTime() + 40 * day)); // 40 days on: another month
    expect(monthPeriod(new Date())).not.toBe(monthPeriod(START));
    await join(code.body.token, 'cleaner');
    expect((await readStats(eventId, [dayPeriod(new Date())], ['joins']))[dayPeriod(new Date())]!.joins?.applied).toBe(1);

    const shown = await invoke(eventFigures, { params: { eventId }, query: {}, token: await tokenFor('staff') });
    expect(shown.status).toBe(200);
    expect(shown.body.joins.total).toBe(2);
    expect(shown.body.joins.byOccupation.map((o: { occupation: string; count: number }) => [o.occupation, o.count]).sort()).toEqual([
      ['cleaner', 1],
      ['food-delivery', 1],
    ]);
    expect(shown.body.joins.byHour).toEqual([{ hour: '11:00', joins: 1 }]);
  });
});

describe('an edit of an event whose host org moved to another district', () => {
  const D1 = ownDay(2120);
  const D2 = new Date(D1.getTime() + 2 * day);
  const unit = {
    id: `count-move-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`,
    code: `CM-${Date.now().toString(36)}`,
    status: 'open' as const,
    name: '搬家计数测试企业工会',
    shortName: '搬家计数',
    level: 'grassroots' as const,
    parentId: STREET,
    path: ['beijing', 'fengtai', STREET],
  };
  unit.path = [...unit.path, unit.id];
  const oldPath = unit.path;
  const newPath = ['beijing', 'shunyi', 'shunyi-houshayu', unit.id];

  /** The `events` counters of each org of both paths, for the days and months of D1 and D2. */
  async function counts() {
    const periods = [...new Set([dayPeriod(D1), dayPeriod(D2), monthPeriod(D1), monthPeriod(D2)])];
    const all: Record<string, Record<string, number>> = {};
    for (const orgId of new Set([...oldPath, ...newPath])) {
      const read = await readStats(orgId, periods, ['events']);
      for (const period of periods) all[`${orgId}#${period}`] = read[period]!.events ?? {};
    }
    return all;
  }

  it('takes the count from the old district’s day and puts it on the new one’s: 0 and 1, never −1', async () => {
    await putOrg(unit);
    const created = await invoke(createEvent, { method: 'POST', token: await tokenFor('staff'), body: eventBody(unit.id, D1) });
    expect(created.status).toBe(201);
    const eventId: string = created.body.event.id;
    expect(created.body.event).not.toHaveProperty('countedPath');
    expect((await counts())[`fengtai#${dayPeriod(D1)}`]).toEqual({ worker: 1, total: 1 });

    // a city admin moves the unit from 卢沟桥 (丰台) to 后沙峪 (顺义); the job rescopes its events
    await putUserWithIdentity(
      {
        id: 'event-counts-city-admin',
        role: 'admin',
        displayName: '市总组织部',
        actingOrgId: 'beijing',
        createdAt: new Date().toISOString(),
        sessionVersion: 0,
      },
      `event-counts-city-admin-identity-${randomUUID()}`,
    ).catch(() => undefined); // a second run finds them there
    const cityToken = (await signSession({ userId: 'event-counts-city-admin', role: 'admin', actingOrgId: 'beijing' })).token;
    const moved = await invoke(moveOrg, {
      method: 'POST',
      params: { orgId: unit.id },
      body: { parentId: 'shunyi-houshayu' },
      token: cityToken,
    });
    expect(moved.status).toBe(200);
    expect((await getOrg(unit.id))?.path).toEqual(newPath);
    await rescopeEventsOfOrg(unit.id, newPath);

    // 后沙峪's staff move the event two days on
    const { clientRequestId: _id, hostOrgId: _host, ...fields } = eventBody(unit.id, D2);
    const edited = await invoke(updateEvent, {
      method: 'PUT',
      params: { eventId },
      token: await tokenFor('shunyi-staff'),
      body: { ...fields, status: 'planned' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).not.toHaveProperty('countedPath');

    const after = await counts();
    const n = (orgId: string, period: string) => after[`${orgId}#${period}`]?.total ?? 0;
    for (const orgId of ['fengtai', STREET]) {
      expect({ orgId, d1: n(orgId, dayPeriod(D1)), d2: n(orgId, dayPeriod(D2)) }).toEqual({ orgId, d1: 0, d2: 0 });
    }
    for (const orgId of ['shunyi', 'shunyi-houshayu']) {
      expect({ orgId, d1: n(orgId, dayPeriod(D1)), d2: n(orgId, dayPeriod(D2)) }).toEqual({ orgId, d1: 0, d2: 1 });
    }
    for (const orgId of ['beijing', unit.id]) {
      expect({ orgId, d1: n(orgId, dayPeriod(D1)), d2: n(orgId, dayPeriod(D2)) }).toEqual({ orgId, d1: 0, d2: 1 });
    }
    expect(n('fengtai', monthPeriod(D2)) + (monthPeriod(D1) === monthPeriod(D2) ? 0 : n('fengtai', monthPeriod(D1)))).toBe(0);
    expect(n('shunyi', monthPeriod(D2))).toBe(1);
    const negative = Object.entries(after).flatMap(([key, c]) =>
      Object.entries(c)
        .filter(([, v]) => v < 0)
        .map(([name, v]) => `${key} ${name} ${v}`),
    );
    expect(negative).toEqual([]);
    expect((await getEvent(eventId, true))?.countedPath).toEqual(newPath);

    // edited again (back a day): it moves along the new path only
    const again = await invoke(updateEvent, {
      method: 'PUT',
      params: { eventId },
      token: await tokenFor('shunyi-staff'),
      body: { ...fields, startsAt: D1.toISOString(), endsAt: new Date(D1.getTime() + 3 * hour).toISOString(), status: 'planned' },
    });
    expect(again.status).toBe(200);
    const last = await counts();
    expect(last[`shunyi#${dayPeriod(D1)}`]).toEqual({ worker: 1, total: 1 });
    expect(last[`shunyi#${dayPeriod(D2)}`]).toEqual({ worker: 0, total: 0 });
    expect(last[`fengtai#${dayPeriod(D1)}`]).toEqual({ worker: 0, total: 0 });
  });
});
