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
 * (scope), then at once one Query of the event's counters (svc#… and tally), one BatchGetItem of its
 * stats items (joins and check-ins, per Beijing day of the event: ≤ 8 days × 2 families) and, with
 * a deviceId, one BatchGetItem of that device's leases. Nothing grows with the crowd.
 */
export const handler = defineHandler(contract.eventFigures, async ({ params, query }, { principal }) => {
  const event = await getEvent(params.eventId);
  if (!event) throw notFound('找不到这场沟通会');
  await assertInScope(principal, event.hostOrgId);
  const days = eventDays(event.startsAt, event.endsAt);
  const [counters, stats, leases] = await Promise.all([
    readCounters(event.id),
    readStats(
      event.id,
      days.map((d) => `d${d}`),
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

  let total = 0;
  let checkins = 0;
  const byHour: { hour: string; joins: number }[] = [];
  const byOccupation = new Map<string, number>();
  for (const day of days) {
    const joins = stats[`d${day}`]?.joins ?? {};
    total += joins.applied ?? 0;
    checkins += stats[`d${day}`]?.activities?.checkins ?? 0;
    for (const [name, count] of Object.entries(joins).sort(([a], [b]) => a.localeCompare(b))) {
      if (/^h\d{2}$/.test(name) && count > 0) {
        const [, m, d] = day.split('-').map(Number);
        byHour.push({ hour: days.length > 1 ? `${m}月${d}日 ${name.slice(1)}:00` : `${name.slice(1)}:00`, joins: count });
      }
      if (name.startsWith('occ:') && count !== 0) byOccupation.set(name.slice(4), (byOccupation.get(name.slice(4)) ?? 0) + count);
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
