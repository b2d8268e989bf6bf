import { z } from 'zod';
import { ClientRequestId, Instant } from './common';

/** Live status from a station's users and today's visits (issue 14, docs/station-network.md). */

/** One tap from a station page. */
export const LiveStatusKind = z.enum(['closed', 'no-hot-water', 'broken', 'ok'], '请选择驿站现在的情况');
export type LiveStatusKind = z.infer<typeof LiveStatusKind>;
export const liveStatusLabel: Record<LiveStatusKind, string> = {
  closed: '门关着',
  'no-hot-water': '没热水',
  broken: '设备坏了',
  ok: '一切正常',
};
/** Reports older than this are no longer shown. */
export const LIVE_REPORT_MINUTES = 120;
/** Two people reporting 门关着 within this many minutes of open hours send the station to the inspection queue. */
export const CLOSED_TWICE_MINUTES = 60;
export const LIVE_TAPS_PER_HOUR = 6;

export const NewLiveStatus = z.strictObject({ status: LiveStatusKind, clientRequestId: ClientRequestId });

/** What a station's users said recently, as the list and the detail show it. */
export const LiveSummary = z.object({
  /** 今天 N 人次 (Beijing day) */
  todayVisits: z.number().int().nonnegative(),
  /** per problem still standing (no 一切正常 after it), newest first: 2 人 30 分钟内反映：门关着 */
  reports: z.array(
    z.object({
      status: LiveStatusKind,
      people: z.number().int().positive(),
      /** minutes since the first of these reports (rounded up) */
      withinMinutes: z.number().int().nonnegative(),
      latestAt: Instant,
    }),
  ),
});
export type LiveSummary = z.infer<typeof LiveSummary>;
