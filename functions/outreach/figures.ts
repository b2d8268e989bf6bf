import {
  MAX_REPORT_DAYS,
  MAX_REPORT_MONTHS,
  type Breakdown,
  type OrgReport,
  type PeriodFigures,
  type ReportQuery,
} from '../../shared/schemas/figures';
import { occupationLabel, type Occupation } from '../../shared/schemas/membership';
import { eventKindLabel, standardServices, type EventKind } from '../../shared/schemas/outreach';
import type { Org } from '../../shared/schemas/org';
import type { Principal } from '../lib/auth/session-token';
import { DomainError } from '../lib/errors';
import { assertInScope } from '../orgs/scope';
import { readStats, STANDING, type StatsFamily } from '../tables/stats';
import { networkFigures, readNetwork } from './network-figures';

/**
 * Period reports (GET /staff/figures, POST /staff/figures/export; docs/outreach.md "Reports"): an
 * org's figures rolled up its subtree, read from the stats items of the org itself — each thing was
 * counted on its org and every ancestor when it happened — never from its sub-orgs: a day report
 * reads ≤ 31 × 15 items (6 families, `activities` in 10 shards: 5 BatchGets), a month report ≤ 12 × 15
 * (2), whatever the subtree holds; and one item more, the subtree's stations now (`<org>#all`).
 * In parallel, the station network's figures (network-figures.ts: ≤ 4 BatchGets of the org's
 * `visits`/`network` items, 1 Query of its 最美驿站 candidates, ≤ 4 BatchGets per candidate, ≤ 5).
 */

const FAMILIES: StatsFamily[] = ['events', 'joins', 'services', 'tallies', 'activities', 'claims'];
/** Custom services (c-<hash>) have no name outside their event: one row. */
const OTHER_SERVICES = '其他服务';

const refuse = (field: 'from' | 'to', message: string) => new DomainError('bad_request', message, { [field]: [message] });

/** The Beijing days "2026-11-01" … or months "2026-11" … of the range, oldest first, checked against the limits. */
export function periodsOf(query: Pick<ReportQuery, 'unit' | 'from' | 'to'>): string[] {
  const { unit, from, to } = query;
  const parse = (value: string, field: 'from' | 'to') => {
    const [y, m, d] = (unit === 'day' ? value : `${value}-01`).split('-').map(Number) as [number, number, number];
    const at = new Date(Date.UTC(y, m - 1, d));
    // 2026-02-30 passes the format but is no day
    if (at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) throw refuse(field, '没有这一天，请重新选择日期');
    return at;
  };
  const start = parse(from, 'from');
  const end = parse(to, 'to');
  if (end < start) throw refuse('to', '结束日期不能早于开始日期');
  const periods: string[] = [];
  if (unit === 'day') {
    for (let at = start; at <= end; at = new Date(at.getTime() + 86_400_000)) {
      if (periods.length === MAX_REPORT_DAYS) throw refuse('to', `按日统计最多 ${MAX_REPORT_DAYS} 天，请缩短日期范围或改为按月`);
      periods.push(at.toISOString().slice(0, 10));
    }
  } else {
    for (let at = start; at <= end; at = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1))) {
      if (periods.length === MAX_REPORT_MONTHS) throw refuse('to', `按月统计最多 ${MAX_REPORT_MONTHS} 个月，请缩短日期范围`);
      periods.push(at.toISOString().slice(0, 7));
    }
  }
  return periods;
}

type Counters = Record<string, number>;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Adds up one family's counters over the periods. */
function total(rows: Partial<Record<StatsFamily, Counters>>[], family: StatsFamily): Counters {
  const out: Counters = {};
  for (const row of rows) for (const [name, n] of Object.entries(row[family] ?? {})) out[name] = (out[name] ?? 0) + n;
  return out;
}

/** Every kind, occupation or standard service has its row (0 included), in the order of its list. */
const labelled = (entries: [string, string, number][]): Breakdown => entries.map(([key, label, count]) => ({ key, label, count }));

function periodRow(period: string, f: Partial<Record<StatsFamily, Counters>>): PeriodFigures {
  const services = f.services ?? {};
  return {
    period,
    meetings: f.events?.total ?? 0,
    joins: f.joins?.applied ?? 0,
    services: sum(Object.values(services)),
    leaflets: f.tallies?.leaflet ?? 0,
    consultations: f.tallies?.consult ?? 0,
    aidCards: f.tallies?.aidCard ?? 0,
    signups: f.activities?.signups ?? 0,
    checkins: f.activities?.checkins ?? 0,
  };
}

/**
 * The report of an org (the caller must act for it or an org above it) for a range of Beijing days
 * or months. Requests: 1 GetItem (the org) + ⌈(periods × 15 + 1) / 100⌉ BatchGets (≤ 5), in parallel
 * with the network's (network-figures.ts: ≤ 4 BatchGets + 1 Query, then ≤ 5 × 4 BatchGets).
 */
export async function orgReport(principal: Principal, query: ReportQuery, now = new Date()): Promise<{ org: Org; report: OrgReport }> {
  const periods = periodsOf(query);
  const org = await assertInScope(principal, query.orgId);
  return { org, report: await reportOf(org, query, periods, now) };
}

async function reportOf(org: Org, query: ReportQuery, periods: string[], now: Date): Promise<OrgReport> {
  const keys = periods.map((p) => (query.unit === 'day' ? `d${p}` : `m${p}`));
  // and the subtree's stations now (`<org>#all`), one more key in the same BatchGets; the network's figures alongside
  const [read, network] = await Promise.all([readStats(org.id, keys, FAMILIES, ['stations']), readNetwork(org, query.unit, periods, now)]);
  const rows = keys.map((k) => read[k] ?? {});

  const events = total(rows, 'events');
  const joins = total(rows, 'joins');
  const services = total(rows, 'services');
  const tallies = total(rows, 'tallies');
  const activities = total(rows, 'activities');
  const claims = total(rows, 'claims');

  const meetingsByKind = labelled((Object.keys(eventKindLabel) as EventKind[]).map((k) => [k, eventKindLabel[k], events[k] ?? 0]));
  const joinsByOccupation = labelled(
    (Object.keys(occupationLabel) as Occupation[]).map((o) => [o, occupationLabel[o], joins[`occ:${o}`] ?? 0]),
  );
  const standard = Object.entries(standardServices) as [keyof typeof standardServices, string][];
  const others = sum(Object.entries(services).flatMap(([key, n]) => (key in standardServices ? [] : [n])));
  const servicesByType = labelled([
    ...standard.map(([key, label]): [string, string, number] => [key, label, services[key] ?? 0]),
    ...(others !== 0 ? [['other', OTHER_SERVICES, others] as [string, string, number]] : []),
  ]);
  const applied = joins.applied ?? 0;
  return {
    orgId: org.id,
    orgName: org.name,
    unit: query.unit,
    from: query.from,
    to: query.to,
    totals: {
      meetings: events.total ?? 0,
      meetingsByKind,
      joins: applied,
      joinsByOccupation,
      newEmploymentShare: applied > 0 ? Math.round(((joins.newForm ?? 0) / applied) * 10_000) / 10_000 : 0,
      approved: joins.approved ?? 0,
      services: sum(Object.values(services)),
      servicesByType,
      leaflets: tallies.leaflet ?? 0,
      consultations: tallies.consult ?? 0,
      aidCards: tallies.aidCard ?? 0,
      signups: activities.signups ?? 0,
      checkins: activities.checkins ?? 0,
    },
    periods: periods.map((period, i) => periodRow(period, rows[i]!)),
    stations: read[STANDING]?.stations?.total ?? 0,
    network: networkFigures(network, read[STANDING]?.stations ?? {}),
    // 互助保障理赔 (issue 15): counted on the member's org path when filed, approved and paid (tables/claims.ts, claim-review.ts)
    claims: {
      submitted: claims.submitted ?? 0,
      people: claims.people ?? 0,
      approved: claims.approved ?? 0,
      approvedFen: claims.approvedFen ?? 0,
      paid: claims.paid ?? 0,
      paidFen: claims.paidFen ?? 0,
    },
    generatedAt: now.toISOString(),
  };
}
