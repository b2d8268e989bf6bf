import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { notFound, tooManyRequests } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { addReport, idFor } from '../tables/feedback';
import { getOrg } from '../tables/orgs';
import { getStation } from '../tables/stations';
import { getUser } from '../tables/users';

export const REPORTS_PER_HOUR = 10;

/** A worker's report lands in the queue of the org that owns the station. */
export const handler = defineHandler(contract.reportStationProblem, async ({ params, body }, { principal }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  // the report is listed for the station's org and every union above it
  const org = await getOrg(station.orgId);
  if (!org) throw notFound('找不到这个驿站所属的工会');
  const user = await getUser(principal.userId);
  const result = await addReport(
    {
      id: idFor('r', principal.userId, body.clientRequestId),
      stationId: station.id,
      stationName: station.name,
      orgId: station.orgId,
      type: body.type,
      note: body.note,
      status: 'open',
      reporterName: maskName(user?.displayName ?? '职工'),
      createdAt: new Date().toISOString(),
    },
    org.path,
    principal.userId,
    REPORTS_PER_HOUR,
  );
  if ('overLimit' in result) throw tooManyRequests('反映问题太频繁，请稍后再试');
  return 'created' in result ? result.created : result.existing;
});
