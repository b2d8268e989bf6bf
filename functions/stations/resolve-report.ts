import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getReport, resolveReport } from '../tables/feedback';
import { getUser } from '../tables/users';

export const handler = defineHandler(contract.resolveReport, async ({ params, body }, { principal }) => {
  const report = await getReport(params.reportId);
  if (!report) throw notFound('找不到这条问题反映');
  await assertInScope(principal, report.orgId);
  const staff = await getUser(principal.userId);
  return (await resolveReport(report.id, staff?.displayName ?? '工作人员', body.note))!;
});
