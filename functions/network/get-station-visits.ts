import { contract } from '../../shared/contract';
import { Occupation } from '../../shared/schemas/membership';
import { DomainError, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getStation } from '../tables/stations';
import { readStats } from '../tables/stats';

/** A station's visits are shown for at most this many Beijing days at once. */
export const MAX_VISIT_DAYS = 31;

const refuse = (field: 'from' | 'to', message: string) => new DomainError('bad_request', message, { [field]: [message] });

/** The Beijing days from..to (real days: the schema's z.iso.date), oldest first: ≤ 31, `to` not before `from`. */
function daysOf(from: string, to: string): string[] {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  if (end < start) throw refuse('to', '结束日期不能早于开始日期');
  if ((end.getTime() - start.getTime()) / 86_400_000 >= MAX_VISIT_DAYS) throw refuse('to', `最多查看 ${MAX_VISIT_DAYS} 天，请缩短日期范围`);
  const days: string[] = [];
  for (let at = start; at <= end; at = new Date(at.getTime() + 86_400_000)) days.push(at.toISOString().slice(0, 10));
  return days;
}

/**
 * 驿站到访: a station's visits per Beijing day, hour and occupation (non-members as `non-member`),
 * for staff of its org and above. Read from the station's own `visits` counters (stats, pseudo-org
 * `st~<stationId>`, kept by the visit route; docs/station-network.md "Counters"): 1 GetItem (the
 * station) + the org for the scope check + ⌈days × 10 shards / 100⌉ BatchGets (≤ 4 for 31 days).
 */
export const handler = defineHandler(contract.getStationVisits, async ({ params, query }, { principal }) => {
  const days = daysOf(query.from, query.to);
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  await assertInScope(principal, station.orgId);
  const read = await readStats(
    `st~${station.id}`,
    days.map((day) => `d${day}`),
    ['visits'],
  );
  const byHour = Array.from({ length: 24 }, () => 0);
  // every occupation and non-members, 0s included
  const byOccupation: Record<string, number> = Object.fromEntries([...Occupation.options, 'non-member'].map((o) => [o, 0]));
  let members = 0;
  let total = 0;
  const perDay = days.map((day) => {
    const visits = read[`d${day}`]?.visits ?? {};
    for (let hour = 0; hour < 24; hour++) byHour[hour]! += visits[`h${String(hour).padStart(2, '0')}`] ?? 0;
    for (const o of Object.keys(byOccupation)) byOccupation[o]! += visits[`o${o}`] ?? 0;
    members += visits.members ?? 0;
    total += visits.total ?? 0;
    return { day, visits: visits.total ?? 0 };
  });
  return { days: perDay, byHour, byOccupation, members, total };
});
