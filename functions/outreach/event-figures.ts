import { contract } from '../../shared/contract';
import { beijingDate } from '../../shared/beijing-time';
import { occupationLabel, type Occupation } from '../../shared/schemas/membership';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getEvent } from '../tables/outreach';
import { readCounters, readLeases } from '../tables/stall';
import { readStats } from '../tables/stats';

/**
 * The event dashboard and the stall's live figures (docs/outreach.md): the event and its host org
 * (scope), then at once one Query of the event's counters (svc#… and tally), the event's stats
 * items — `joins` of each Beijing day of the event (≤ 8 keys, 1 BatchGetItem: the joins by hour),
 * `joins` and `activities` (10 shards) of each month its codes and activities can count on
 * (countedMonths, ≤ 12 × 11 = 132 keys, 2 BatchGetItems: the totals) — and, with a deviceId, one
 * BatchGetItem of that device's leases. Nothing grows with the crowd.
 */
export const handler = defineHandler(contract.eventFigures, async ({ params, query }, { principal }) => {
  const event = await getEvent(params.eventId);
  if (!event) throw notFound('找不到这场沟通会');
  await assertInScope(principal, event.hostOrgId);
  const days = eventDays(event.startsAt, event.endsAt);
  const months = countedMonths(event, new Date());
  const [counters, stats, monthStats, leases] = await Promise.all([
    readCounters(event.id),
    readStats(
      event.id,
      days.map((d) => `d${d}`),
      ['joins'],
    ),
    readStats(
      event.id,
      months.map((m) => `m${m}`),
      ['joins', 'activities'],
    ),
    query.deviceId
      ? readLeases(
          event.id,
          query.deviceId,
          event.services.filter((s) => s.capacity !== undefined).map((s) => s.key),
        )
      : Promise.resolve([]),
  ]);

  // the totals from the months: a code of the event counts joins on any day it is valid (≤ 366
  // days), an activity of the event its check-ins on the day it is held
  let total = 0;
  let checkins = 0;
  const byOccupation = new Map<string, number>();
  for (const month of months) {
    const joins = monthStats[`m${month}`]?.joins ?? {};
    total += joins.applied ?? 0;
    checkins += monthStats[`m${month}`]?.activities?.checkins ?? 0;
    for (const [name, count] of Object.entries(joins)) {
      if (name.startsWith('occ:') && count !== 0) byOccupation.set(name.slice(4), (byOccupation.get(name.slice(4)) ?? 0) + count);
    }
  }
  // the joins by hour on the event's own days
  const byHour: { hour: string; joins: number }[] = [];
  for (const day of days) {
    const joins = stats[`d${day}`]?.joins ?? {};
    for (const [name, count] of Object.entries(joins).sort(([a], [b]) => a.localeCompare(b))) {
      if (/^h\d{2}$/.test(name) && count > 0) {
        const [, m, d] = day.split('-').map(Number);
        byHour.push({ hour: days.length > 1 ? `${m}月${d}日 ${name.slice(1)}:00` : `${name.slice(1)}:00`, joins: count });
      }
    }
  }
  return {
    eventId: event.id,
    services: event.services.map((s) => {
      const c = counters.services.get(s.key);
      return {
        key: s.key,
        name: s.name,
        ...(s.capacity !== undefined ? { capacity: s.capacity } : {}),
        registered: c?.registered ?? 0,
        waitlisted: c?.waitlisted ?? 0,
        leased: c?.leased ?? 0,
        tallied: c?.tallied ?? 0,
      };
    }),
    tallies: counters.tally,
    checkins,
    joins: {
      total,
      byHour,
      byOccupation: [...byOccupation]
        .filter(([, count]) => count > 0)
        .sort(([, a], [, b]) => b - a)
        .map(([occupation, count]) => ({ occupation, label: occupationLabel[occupation as Occupation] ?? '其他', count })),
    },
    leases,
    updatedAt: new Date().toISOString(),
  };
});

/** The Beijing days an event spans, oldest first ("2026-11-29"; ≤ 8 for an event of ≤ 7 days). */
function eventDays(startsAt: string, endsAt: string): string[] {
  const days: string[] = [];
  const last = beijingDate(endsAt);
  for (let t = Date.parse(startsAt); days.length < 8; t += 24 * 3600_000) {
    const day = beijingDate(new Date(t));
    days.push(day);
    if (day >= last) break;
  }
  return days;
}

/** At most this many months of an event's stats are read for its totals. */
export const MAX_EVENT_MONTHS = 12;

/**
 * The Beijing months ("2026-11", oldest first, ≤ MAX_EVENT_MONTHS) an event's joins and check-ins
 * are read from: from the month it was created (its codes and activities can be linked from then)
 * or starts, whichever is earlier, through the current month or the month it ends, whichever is
 * later; the first 12 of them. An event created over a year before it is held is read from its
 * start month, so its own months are always read.
 */
export function countedMonths(event: { createdAt: string; startsAt: string; endsAt: string }, now: Date): string[] {
  const index = (at: string | Date) => {
    const [y, m] = beijingDate(at).split('-').map(Number);
    return y! * 12 + m! - 1;
  };
  const start = index(event.startsAt);
  const end = index(event.endsAt);
  let from = Math.min(index(event.createdAt), start);
  if (end - from >= MAX_EVENT_MONTHS) from = start;
  const to = Math.min(Math.max(index(now), end), from + MAX_EVENT_MONTHS - 1);
  const months: string[] = [];
  for (let i = from; i <= to; i++) months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return months;
}
