import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { reportTypeLabel } from '../../shared/schemas/feedback';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getReport, resolveReport } from '../tables/feedback';
import { getUser } from '../tables/users';
import { recordEvent } from '../tables/inbox';
import { reportResolved } from '../messages/events';

export const handler = defineHandler(contract.resolveReport, async ({ params, body }, { principal }) => {
  const report = await getReport(params.reportId);
  if (!report) throw notFound('找不到这条问题反映');
  const org = await assertInScope(principal, report.orgId);
  const staff = await getUser(principal.userId);
  const resolved = (await resolveReport(report.id, staff?.displayName ?? '工作人员', body.note, org.path))!;
  // resolving a resolved report again changes nothing: nothing new to record
  const { reporterId } = resolved;
  // resolved by this call: the reporter is told (a report resolved before carries no reporterId here)
  if (reporterId && resolved.resolvedAt) await recordEvent(reportResolved({ ...resolved, reporterId }, new Date(resolved.resolvedAt)));
  if (report.status === 'open') {
    await recordAudit({
      principal,
      org,
      kind: 'report.resolve',
      object: { type: 'report', id: report.id, label: report.stationName },
      summary: `处理「${report.stationName}」的问题反馈（${reportTypeLabel[report.type]}）`,
    });
  }
  return resolved;
});
