import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { reportTypeLabel } from '../../shared/schemas/feedback';
import { recordAudit } from '../lib/audit';
import { acceptEvidence, dropEvidence, dropUploads } from '../lib/evidence-photos';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getReport, resolveReport, withPhotoLinks } from '../tables/feedback';
import { getUser } from '../tables/users';
import { recordEvent } from '../tables/inbox';
import { reportResolved } from '../messages/events';

/**
 * Staff resolve a report of their subtree, with a note and, optionally, a photo of what was done
 * (an evidence upload: checked and stored under `evidence/tasks/<reportId>/` before the report is
 * resolved, its upload deleted after). The reporter — for an inspection's task, the supervisor — is
 * told and the resolution audited by the call that resolved it only. Resolving a resolved report
 * again changes nothing.
 */
export const handler = defineHandler(contract.resolveReport, async ({ params, body }, { principal }) => {
  const report = await getReport(params.reportId);
  if (!report) throw notFound('找不到这条问题反映');
  const org = await assertInScope(principal, report.orgId);
  if (report.status === 'resolved') return withPhotoLinks(report);
  const staff = await getUser(principal.userId);
  const photoKeys = body.photo ? [await acceptEvidence(principal.userId, body.photo, `evidence/tasks/${report.id}/`)] : [];
  const outcome = await resolveReport(report.id, staff?.displayName ?? '工作人员', body.note, org.path, new Date(), photoKeys);
  if (!outcome) throw notFound('找不到这条问题反映');
  const { report: resolved, resolvedNow } = outcome;
  if (body.photo) {
    // resolved by someone else meanwhile: this photo is not part of it (unless theirs was this very
    // request, sent twice: then it is)
    if (!resolved.resolutionPhotoKeys?.includes(photoKeys[0]!)) await dropEvidence(photoKeys);
    await dropUploads(principal.userId, [body.photo]);
  }
  const { reporterId, ...shown } = resolved;
  // Only the call that resolved it tells the reporter and is audited: of two staff resolving at
  // once, the one whose resolution stands.
  if (resolvedNow) {
    if (reporterId && resolved.resolvedAt) await recordEvent(reportResolved({ ...shown, reporterId }, new Date(resolved.resolvedAt)));
    await recordAudit({
      principal,
      org,
      kind: 'report.resolve',
      object: { type: 'report', id: report.id, label: report.stationName },
      summary: `处理「${report.stationName}」的问题反馈（${reportTypeLabel[report.type]}）`,
    });
  }
  return withPhotoLinks(shown);
});
