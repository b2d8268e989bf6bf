import { randomUUID } from 'node:crypto';
import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { signedGetUrl, writeObject } from '../lib/s3';
import { orgReport } from './figures';
import { reportCsv, reportWorkbook } from './report-files';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** How long the links work. */
const LINK_SECONDS = 10 * 60;

/**
 * 导出统计报表: the report of GET /staff/figures as an .xlsx (a sheet per table) and a CSV, written
 * to the private bucket under figures/ (deleted after a day by the bucket's lifecycle) and answered
 * as links that work for 10 minutes. No personal data: counts only. Recorded in the audit log.
 */
export const handler = defineHandler(contract.exportReport, async ({ body }, { principal, log }) => {
  const { org, report } = await orgReport(principal, body);
  const folder = `figures/${randomUUID()}`;
  const filename = `统计报表_${report.orgName}_${report.from}至${report.to}`;
  await Promise.all([
    writeObject(`${folder}/report.xlsx`, await reportWorkbook(report), XLSX),
    writeObject(`${folder}/report.csv`, reportCsv(report), 'text/csv; charset=utf-8'),
  ]);
  const [xlsxUrl, csvUrl] = await Promise.all([
    signedGetUrl(`${folder}/report.xlsx`, LINK_SECONDS, { downloadAs: `${filename}.xlsx` }),
    signedGetUrl(`${folder}/report.csv`, LINK_SECONDS, { downloadAs: `${filename}.csv` }),
  ]);
  await recordAudit({
    principal,
    org,
    kind: 'export',
    object: { type: 'org', id: org.id, label: org.name },
    summary: `导出「${org.name}」${report.from} 至 ${report.to} 的统计报表`,
  });
  log.info('figures exported', { orgId: org.id, unit: report.unit, periods: report.periods.length });
  return {
    xlsxUrl,
    csvUrl,
    filename: `${filename}.xlsx`,
    expiresAt: new Date(Date.now() + LINK_SECONDS * 1000).toISOString(),
  };
});
