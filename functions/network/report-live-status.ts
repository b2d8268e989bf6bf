import { createHash } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { contract } from '../../shared/contract';
import { beijingDate } from '../../shared/beijing-time';
import type { Report } from '../../shared/schemas/feedback';
import { CLOSED_TWICE_MINUTES, LIVE_TAPS_PER_HOUR, type LiveStatusKind, type LiveSummary } from '../../shared/schemas/live';
import type { Station } from '../../shared/schemas/station';
import { isOpen, openStateAt } from '../../shared/station-hours';
import { db, tableName } from '../lib/db';
import { failedConditions, withConflictRetry } from '../lib/dynamo';
import { notFound, tooManyRequests } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { scopeAttributes } from '../lib/scope-keys';
import { getReport, idFor, reportList } from '../tables/feedback';
import { flagClosedTwice, getDue } from '../tables/network';
import { getOrg } from '../tables/orgs';
import { codeFor, liveSteps, readStationLive, reportElement, reportsOf, summarise, type ParsedReport } from '../tables/station-live';
import { getLiveStation } from './live-station';
import { statsSteps } from '../tables/stats';

/**
 * One tap from a station page (门关着 / 没热水 / 设备坏了 / 一切正常), in ONE transaction: a once-marker
 * for the request (a replay adds nothing and spends nothing), one of the account's LIVE_TAPS_PER_HOUR
 * (the feedback table's hourly allowance, as posts and reports have) and the report element on the
 * station's live items, while its day item holds fewer than LIVE_REPORTS_PER_DAY (docs/station-network.md).
 * 门关着 while the station should be open by its hours is code `c`; two people saying so within
 * CLOSED_TWICE_MINUTES, since the station's last inspection, open a problem report in its org's queue
 * (one at a time: another only once that one is resolved, at most CLOSED_REPORTS_PER_DAY a Beijing day)
 * and flag it for inspection. Answers the station's summary.
 */
export async function reportLiveStatus(
  stationId: string,
  userId: string,
  body: { status: LiveStatusKind; clientRequestId: string },
  now: Date,
): Promise<LiveSummary> {
  const found = await getLiveStation(stationId);
  if (!found) throw notFound('找不到这个驿站');
  const { station, layers } = found;
  const code = codeFor(body.status, isOpen(openStateAt(station.hours, station.status, now)));
  try {
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            onceStep(userId, body.clientRequestId, now),
            hourlyAllowance(userId, now),
            ...liveSteps(station, layers, { reports: [reportElement(code, userId, station.id, now)] }, now),
          ],
        }),
      ),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    const [replayed, overLimit, ...full] = failed;
    if (overLimit && !replayed) throw tooManyRequests('反映太频繁，请稍后再试');
    if (full.some(Boolean) && !replayed) throw tooManyRequests('这个驿站今天的反映已经很多了，工会已收到，请稍后再试');
    if (!replayed) throw error;
    // a replay: its tap landed the first time; the check below runs again in case it did not finish
  }
  // read back consistently, so the tap shows at once and the two-people rule sees every tap committed
  const items = await readStationLive(station, now, true);
  if (code === 'c') await checkClosedTwice(station, items, now);
  return summarise(items, now);
}

const peopleOf = (reports: readonly ParsedReport[]) => new Set(reports.map((r) => r.who)).size;
/** The reports made after `at` (ms; an old minute-only report: its minute must begin after it). */
const after = (reports: readonly ParsedReport[], at: number) => reports.filter((r) => r.at > at);

/**
 * Two distinct people reported 门关着 in open hours within CLOSED_TWICE_MINUTES, after the station's
 * last inspection (taps before it were seen to, or not, by the inspector): a problem report, and the
 * due item flagged. Reads the due item only once two people are found at all.
 */
async function checkClosedTwice(station: Station, items: Parameters<typeof reportsOf>[0], now: Date): Promise<void> {
  const since = now.getTime() - CLOSED_TWICE_MINUTES * 60_000;
  const closed = reportsOf(items).filter((r) => r.code === 'c' && r.at >= since);
  if (peopleOf(closed) < 2) return;
  const due = await getDue(station.id);
  const counted = due?.lastInspectedAt ? after(closed, Date.parse(due.lastInspectedAt)) : closed;
  if (peopleOf(counted) < 2) return;
  const org = await getOrg(station.orgId);
  if (!org) return;
  await openClosedReport(station, org.path, counted, now);
  await flagClosedTwice(station.id);
}

/** Closed-twice reports a station may get in one Beijing day (one at a time: the next once the last is resolved). */
export const CLOSED_REPORTS_PER_DAY = 5;

/** The id of a station's n-th closed-twice report of the Beijing day of `at` (from the station, the day and n). */
export const closedReportId = (stationId: string, at: Date, n = 1) =>
  idFor('r', 'live', `${stationId}#${beijingDate(at)}${n > 1 ? `#${n}` : ''}`);

/**
 * The problem report of a station reported closed in its open hours: its id is derived from the
 * station, the Beijing day and a number (`…#<day>`, `…#<day>#2`, … up to CLOSED_REPORTS_PER_DAY), each
 * Put conditional on the id being new. One already there and open: nothing more (a retry, or a third
 * person). Resolved: only the taps made after its resolution count toward the next number, and two
 * people among them open it. Counted as opened (`network`.problemsOpened) on the org path in the same
 * transaction. Written as tables/feedback.ts addReport writes a worker's report, without a reporter
 * (nobody is told when it is resolved) and without an allowance (the taps spent theirs).
 */
async function openClosedReport(station: Station, orgPath: readonly string[], closed: readonly ParsedReport[], now: Date): Promise<void> {
  let taps = closed;
  for (let n = 1; n <= CLOSED_REPORTS_PER_DAY; n++) {
    const people = peopleOf(taps);
    if (people < 2) return;
    const report: Report = {
      id: closedReportId(station.id, now, n),
      stationId: station.id,
      stationName: station.name,
      orgId: station.orgId,
      type: 'closed-when-open',
      note: `${people} 人在 ${CLOSED_TWICE_MINUTES} 分钟内反映开放时间门关着`,
      status: 'open',
      reporterName: '实时反馈',
      createdAt: now.toISOString(),
      source: 'live',
    };
    try {
      await withConflictRetry(() =>
        db().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName('feedback'),
                  Item: {
                    pk: `report#${report.id}`,
                    sk: 'report',
                    ...report,
                    queue: `${report.orgId}#${report.status}`,
                    ...scopeAttributes(orgPath, reportList(report.status), `${report.createdAt}#${report.id}`),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...statsSteps(orgPath, now, { network: { problemsOpened: 1 } }),
            ],
          }),
        ),
      );
      return;
    } catch (error) {
      if (!failedConditions(error)?.[0]) throw error;
    }
    // this number is taken: still open → nothing to do; resolved → the taps since count for the next
    const existing = await getReport(report.id);
    if (existing?.status !== 'resolved') return;
    taps = after(taps, Date.parse(existing.resolvedAt ?? existing.createdAt));
  }
}

/** The replay marker (feedback table, `once#l-<hash of person and request>`), kept a day. */
function onceStep(userId: string, clientRequestId: string, now: Date) {
  const id = `l-${createHash('sha256').update(`${userId}\u0000${clientRequestId}`).digest('hex').slice(0, 24)}`;
  return {
    Put: {
      TableName: tableName('feedback'),
      Item: { pk: `once#${id}`, sk: '-', expiresAt: Math.floor(now.getTime() / 1000) + 24 * 3600 },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** One of LIVE_TAPS_PER_HOUR taps an hour per account (as tables/feedback.ts hourlyAllowance, action `live`). */
function hourlyAllowance(userId: string, now: Date) {
  return {
    Update: {
      TableName: tableName('feedback'),
      Key: { pk: `rate#${userId}#live`, sk: now.toISOString().slice(0, 13) },
      UpdateExpression: 'ADD used :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ConditionExpression: 'attribute_not_exists(used) OR used < :max',
      ExpressionAttributeValues: { ':one': 1, ':max': LIVE_TAPS_PER_HOUR, ':expires': Math.floor(now.getTime() / 1000) + 2 * 3600 },
    },
  };
}

export const handler = defineHandler(contract.reportLiveStatus, async ({ params, body }, { principal, log }) => {
  const summary = await reportLiveStatus(params.stationId, principal.userId, body, new Date());
  log.info('live status', { stationId: params.stationId, status: body.status });
  return summary;
});
