import { z } from 'zod';
import { NetworkFigures } from './network';
import { ClaimFigures } from './claim';
import { Id, Instant } from './common';

/**
 * Period reports (issue 12, docs/outreach.md "stats"): an org's figures rolled up its subtree, read
 * from counters kept when things happen (the stats table), never by scanning.
 */

export const ReportUnit = z.enum(['day', 'month'], { error: '请选择按日或按月' });
export type ReportUnit = z.infer<typeof ReportUnit>;

/** A Beijing day "2026-11-29" or month "2026-11". */
const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式不正确');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式不正确');

/** A report reads at most this many periods (31 days, or 12 months): a bounded number of items. */
export const MAX_REPORT_DAYS = 31;
export const MAX_REPORT_MONTHS = 12;

/** GET /staff/figures and POST /staff/figures/export: the org, and a range of Beijing days or months. */
export const ReportQuery = z
  .strictObject({
    orgId: Id,
    unit: ReportUnit,
    from: z.string(),
    to: z.string(),
  })
  .superRefine((q, ctx) => {
    const format = q.unit === 'day' ? Day : Month;
    for (const field of ['from', 'to'] as const) {
      if (!format.safeParse(q[field]).success) {
        ctx.addIssue({ code: 'custom', path: [field], message: q.unit === 'day' ? '日期格式不正确' : '月份格式不正确' });
      }
    }
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

/** One row of a labelled breakdown (a kind of meeting, an occupation, a service). */
export const Breakdown = z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() }));
export type Breakdown = z.infer<typeof Breakdown>;

export const PeriodFigures = z.object({
  /** "2026-11-29" or "2026-11" */
  period: z.string(),
  meetings: z.number().int(),
  joins: z.number().int(),
  services: z.number().int(),
  leaflets: z.number().int(),
  consultations: z.number().int(),
  aidCards: z.number().int(),
  signups: z.number().int(),
  checkins: z.number().int(),
});
export type PeriodFigures = z.infer<typeof PeriodFigures>;

export const OrgReport = z.object({
  orgId: Id,
  orgName: z.string(),
  unit: ReportUnit,
  from: z.string(),
  to: z.string(),
  totals: z.object({
    meetings: z.number().int(),
    meetingsByKind: Breakdown,
    /** 入会申请 submitted (扫码入会) */
    joins: z.number().int(),
    joinsByOccupation: Breakdown,
    /** the share of 新就业形态劳动者 among the joins, 0–1 */
    newEmploymentShare: z.number(),
    /** applications approved in the period (new members) */
    approved: z.number().int(),
    services: z.number().int(),
    servicesByType: Breakdown,
    leaflets: z.number().int(),
    consultations: z.number().int(),
    aidCards: z.number().int(),
    signups: z.number().int(),
    checkins: z.number().int(),
  }),
  /** one row per day or month of the range, oldest first */
  periods: z.array(PeriodFigures),
  /** stations of the org's subtree now (not a period figure) */
  stations: z.number().int().optional(),
  /** the station network: stations, visits, inspections, problems (issue 14) */
  network: NetworkFigures.optional(),
  /** mutual-aid claims of the subtree's members in the range (issue 15) */
  claims: ClaimFigures.optional(),
  generatedAt: Instant,
});
export type OrgReport = z.infer<typeof OrgReport>;

export const ReportExport = z.object({
  /** .xlsx, one sheet per table, Chinese headings */
  xlsxUrl: z.string(),
  /** the same tables as one CSV (UTF-8 with BOM, so Excel opens Chinese correctly) */
  csvUrl: z.string(),
  filename: z.string(),
  expiresAt: Instant,
});
export type ReportExport = z.infer<typeof ReportExport>;
