import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { contract } from '../../shared/contract';
import { beijingExport } from '../../shared/beijing-time';
import type { VisitResult } from '../../shared/schemas/network';
import { db } from '../lib/db';
import { verifyDoorToken } from '../lib/door-token';
import { failedConditions, withConflictRetry } from '../lib/dynamo';
import { DomainError, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getMember } from '../tables/members';
import { getOrg } from '../tables/orgs';
import { liveSteps, todayVisitsOf, visitMarkerStep } from '../tables/station-live';
import { getLiveStation } from './live-station';
import { statsSteps } from '../tables/stats';

const BAD_DOOR = '这个驿站二维码无效，请扫描门口张贴的二维码';

/**
 * A scan of the door poster: one visit per person and station in two hours, counted in ONE
 * transaction — the person's visit marker (its condition is the two hours), today's count on the
 * station's live items (one per nearby layer it is in) and the `visits` counters of its org path and
 * of the station itself (`st~<id>`: by day, Beijing hour, and occupation of a member; others
 * `non-member`). A crowd at one door meets on the live item: the transaction is retried with jitter.
 * Then today's count is read back (one GetItem).
 */
export async function recordVisit(stationId: string, userId: string, door: string, now: Date): Promise<VisitResult> {
  if (!verifyDoorToken(stationId, door)) throw new DomainError('bad_request', BAD_DOOR, { door: [BAD_DOOR] });
  const [found, member] = await Promise.all([getLiveStation(stationId), getMember(userId)]);
  if (!found) throw notFound('找不到这个驿站');
  const { station, layers } = found;
  const org = await getOrg(station.orgId);
  if (!org) throw notFound('找不到这个驿站所属的工会');
  const isMember = member?.status === 'active';
  const visits = {
    total: 1,
    members: isMember ? 1 : 0,
    [`h${beijingExport(now).slice(11, 13)}`]: 1,
    [`o${isMember ? member.occupation : 'non-member'}`]: 1,
  };
  let counted = true;
  try {
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            visitMarkerStep(station.id, userId, now),
            ...liveSteps(station, layers, { visits: 1 }, now),
            ...statsSteps([...org.path, `st~${station.id}`], now, { visits }),
          ],
        }),
      ),
    );
  } catch (error) {
    // counted within the last two hours: nothing written
    if (!failedConditions(error)?.[0]) throw error;
    counted = false;
  }
  return { counted, todayVisits: await todayVisitsOf(station, now) };
}

export const handler = defineHandler(contract.recordVisit, async ({ params, body }, { principal, log }) => {
  const result = await recordVisit(params.stationId, principal.userId, body.door, new Date());
  log.info('visit', { stationId: params.stationId, counted: result.counted });
  return result;
});
