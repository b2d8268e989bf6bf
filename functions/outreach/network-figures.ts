import { beijingDate } from '../../shared/beijing-time';
import type { ReportUnit } from '../../shared/schemas/figures';
import type { NetworkFigures } from '../../shared/schemas/network';
import { StationKind } from '../../shared/schemas/station';
import type { Scoped } from '../lib/scope-keys';
import { RESOLVE_BUCKETS } from '../tables/feedback';
import { bestPage } from '../tables/network';
import { readStats, type StatsFamily } from '../tables/stats';

/**
 * The station network's part of a period report (OrgReport.network; docs/station-network.md
 * "Counters", docs/outreach.md "Reports"), read from counters kept when things happen, never from the
 * subtree: the org's standing `stations` item (read with the rest of the report), its `visits` and
 * `network` items over the range and this quarter's months, and one Query of its 最美驿站 candidates
 * with each one's own `visits` over the range. Requests, whatever the subtree:
 *   - the org's counters: ⌈(range items + this quarter's months so far) × 11 / 100⌉ BatchGets (visits
 *     in 10 shards + network): 1 for a day or a whole month, 2 for 12 months, ≤ 4 for 31 days;
 *   - candidates: 1 Query (bestPage, ≤ 5), then per candidate ⌈range items × 10 / 100⌉ BatchGets of its
 *     `st~<id>` visits: 1 each for a day, a whole month or ≤ 10 days/months, ≤ 4 each for 31 days.
 * A range's whole Beijing months are read as their month items (a day report of November reads 1
 * item a family, not 30).
 */

/** 最美驿站 candidates in a report. */
export const CANDIDATES = 5;

/**
 * The resolution-time histogram's buckets (tables/feedback.ts) with each bucket's upper bound in
 * hours; over 30 days (`gt30d`, unbounded) is reported as 720 too ("720 or more").
 */
const RESOLVE_HOURS = RESOLVE_BUCKETS.map(([bucket, hours]) => [bucket, Math.min(hours, 720)] as const);

type Counters = Record<string, number>;
const add = (into: Counters, from: Counters | undefined) => {
  for (const [name, n] of Object.entries(from ?? {})) into[name] = (into[name] ?? 0) + n;
  return into;
};

/**
 * The median time to resolve from the histogram: the upper bound (hours) of the bucket holding the
 * middle resolution — the ⌈n / 2⌉-th fastest of n (for an even n the lower of the two middle ones).
 * None resolved: undefined.
 */
export function medianResolveHours(network: Counters): number | undefined {
  const counts = RESOLVE_HOURS.map(([bucket, hours]) => [Math.max(0, network[`resolve${bucket}`] ?? 0), hours] as const);
  const n = counts.reduce((a, [count]) => a + count, 0);
  if (n === 0) return undefined;
  let seen = 0;
  for (const [count, hours] of counts) {
    seen += count;
    if (seen >= Math.ceil(n / 2)) return hours;
  }
  return undefined;
}

const daysIn = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};

/**
 * The stats periods (`d<day>` / `m<month>`) that add up to a report's range (figures.ts periodsOf):
 * months as they are; days, with each whole Beijing month among them read as its month item.
 */
export function coveringPeriods(unit: ReportUnit, periods: readonly string[]): string[] {
  if (unit === 'month') return periods.map((month) => `m${month}`);
  const byMonth = new Map<string, string[]>();
  for (const day of periods) byMonth.set(day.slice(0, 7), [...(byMonth.get(day.slice(0, 7)) ?? []), day]);
  return [...byMonth].flatMap(([month, days]) => (days.length === daysIn(month) ? [`m${month}`] : days.map((day) => `d${day}`)));
}

/** The months of the Beijing quarter of `now`, up to its own: `m2026-10`, `m2026-11`. */
export function quarterMonthsSoFar(now: Date): string[] {
  const [year, month] = beijingDate(now).split('-').map(Number) as [number, number];
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return Array.from({ length: month - first + 1 }, (_, i) => `m${year}-${String(first + i).padStart(2, '0')}`);
}

/** What the report reads for the network, before the org's standing stations (read with the rest) join it. */
export interface NetworkReads {
  /** `visits` and `network` summed over the range */
  visits: Counters;
  network: Counters;
  /** `firstInQuarter` summed over this quarter's months */
  firstInQuarter: number;
  candidates: NetworkFigures['candidates'];
}

const FAMILIES: StatsFamily[] = ['visits', 'network'];

/** The org's network counters over the range and this quarter, and its candidates with their visits: all in parallel. */
export async function readNetwork(org: Scoped, unit: ReportUnit, periods: readonly string[], now: Date): Promise<NetworkReads> {
  const range = coveringPeriods(unit, periods);
  const quarter = quarterMonthsSoFar(now);
  const [read, candidates] = await Promise.all([
    readStats(org.id, [...new Set([...range, ...quarter])], FAMILIES),
    readCandidates(org, range),
  ]);
  const visits: Counters = {};
  const network: Counters = {};
  for (const period of range) {
    add(visits, read[period]?.visits);
    add(network, read[period]?.network);
  }
  const firstInQuarter = quarter.reduce((n, month) => n + (read[month]?.network?.firstInQuarter ?? 0), 0);
  return { visits, network, firstInQuarter, candidates };
}

/** The best stations of the subtree by latest score (one Query), each with its own visits over the range; best score first, then most visits. */
async function readCandidates(org: Scoped, range: string[]): Promise<NetworkFigures['candidates']> {
  const { stations } = await bestPage(org, CANDIDATES);
  const withVisits = await Promise.all(
    stations.map(async (s) => {
      const read = await readStats(`st~${s.stationId}`, range, ['visits']);
      const visits = range.reduce((n, period) => n + (read[period]?.visits?.total ?? 0), 0);
      return { stationId: s.stationId, name: s.name, score: s.score, visits };
    }),
  );
  return withVisits.sort((a, b) => b.score - a.score || b.visits - a.visits);
}

/** The figures, from what was read and the org's standing `stations` counters. */
export function networkFigures(reads: NetworkReads, stations: Counters): NetworkFigures {
  const total = stations.total ?? 0;
  return {
    stationsByKind: Object.fromEntries(StationKind.options.map((kind) => [kind, Math.max(0, stations[`k${kind}`] ?? 0)])) as Record<
      StationKind,
      number
    >,
    allDayStations: Math.max(0, stations.allDay ?? 0),
    visits: reads.visits.total ?? 0,
    inspections: reads.network.inspections ?? 0,
    // stations not inspected yet this quarter: the stations now less those inspected for the first time this quarter
    overdue: Math.max(0, total - reads.firstInQuarter),
    problemsOpened: reads.network.problemsOpened ?? 0,
    problemsResolved: reads.network.problemsResolved ?? 0,
    medianResolveHours: medianResolveHours(reads.network),
    candidates: reads.candidates,
  };
}
