import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { beijingExport } from '../../shared/beijing-time';
import { yuanNumber } from '../../shared/money';
import type { ClaimFigures } from '../../shared/schemas/claim';
import type { OrgReport } from '../../shared/schemas/figures';
import { newEmploymentForms, type Occupation } from '../../shared/schemas/membership';
import type { NetworkFigures } from '../../shared/schemas/network';
import { stationKindLabel, type StationKind } from '../../shared/schemas/station';

/**
 * The report as files (POST /staff/figures/export): one table per sheet of an .xlsx, Chinese
 * headings, times in Beijing time; and the same tables in one CSV (UTF-8 with a BOM, so Excel
 * opens the Chinese correctly), each table under its name, a blank line between them.
 */

type Row = Record<string, string | number>;
export interface ReportTable {
  name: string;
  rows: Row[];
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The report's tables, in the order of the sheets. */
export function reportTables(report: OrgReport): ReportTable[] {
  const t = report.totals;
  const byDay = report.unit === 'day';
  return [
    {
      name: '汇总',
      rows: [
        { 项目: '组织', 数值: report.orgName },
        { 项目: '统计范围', 数值: `${report.from} 至 ${report.to}（${byDay ? '按日' : '按月'}，含全部下级组织）` },
        { 项目: '沟通会（场）', 数值: t.meetings },
        { 项目: '入会申请（人）', 数值: t.joins },
        { 项目: '其中新就业形态劳动者占比', 数值: percent(t.newEmploymentShare) },
        { 项目: '审核通过入会（人）', 数值: t.approved },
        { 项目: '现场服务（人次）', 数值: t.services },
        { 项目: '咨询（人次）', 数值: t.consultations },
        { 项目: '宣传册（份）', 数值: t.leaflets },
        { 项目: '互助服务卡（张）', 数值: t.aidCards },
        { 项目: '活动报名（人次）', 数值: t.signups },
        { 项目: '活动签到（人次）', 数值: t.checkins },
        ...(report.stations === undefined ? [] : [{ 项目: '驿站（现有）', 数值: report.stations }]),
        { 项目: '生成时间（北京时间）', 数值: beijingExport(report.generatedAt) },
      ],
    },
    {
      name: byDay ? '按日' : '按月',
      rows: report.periods.map((p) => ({
        [byDay ? '日期' : '月份']: p.period,
        沟通会: p.meetings,
        入会申请: p.joins,
        现场服务: p.services,
        咨询: p.consultations,
        宣传册: p.leaflets,
        互助服务卡: p.aidCards,
        活动报名: p.signups,
        活动签到: p.checkins,
      })),
    },
    { name: '沟通会类型', rows: t.meetingsByKind.map((k) => ({ 类型: k.label, 场数: k.count })) },
    {
      name: '入会职业',
      rows: t.joinsByOccupation.map((o) => ({
        职业: o.label,
        人数: o.count,
        新就业形态: newEmploymentForms.includes(o.key as Occupation) ? '是' : '否',
      })),
    },
    { name: '服务类型', rows: t.servicesByType.map((s) => ({ 服务: s.label, 人次: s.count })) },
    ...(report.network ? networkTables(report.network) : []),
    ...(report.claims ? [claimTable(report.claims)] : []),
  ];
}

/** 互助保障理赔 (issue 15): claims filed, people, approved and paid, with the amounts in yuan (numbers, so Excel sums them). */
function claimTable(c: ClaimFigures): ReportTable {
  return {
    name: '理赔',
    rows: [
      { 项目: '提交理赔申请（笔）', 数值: c.submitted },
      { 项目: '申请人数（人，按月去重）', 数值: c.people },
      { 项目: '核准（笔）', 数值: c.approved },
      { 项目: '核准金额（元）', 数值: yuanNumber(c.approvedFen) },
      { 项目: '已赔付（笔）', 数值: c.paid },
      { 项目: '赔付金额（元）', 数值: yuanNumber(c.paidFen) },
    ],
  };
}

/**
 * 驿站网络 (issue 14): stations now by kind and 24 h, and the period's visits, inspections, problems
 * and the median time to resolve; 最美驿站候选, the best stations by latest score with their visits.
 */
function networkTables(n: NetworkFigures): ReportTable[] {
  return [
    {
      name: '驿站网络',
      rows: [
        ...(Object.keys(stationKindLabel) as StationKind[]).map((kind) => ({
          项目: `${stationKindLabel[kind]}（现有，个）`,
          数值: n.stationsByKind[kind] ?? 0,
        })),
        { 项目: '24 小时开放驿站（现有，个）', 数值: n.allDayStations },
        { 项目: '到访（人次）', 数值: n.visits },
        { 项目: '监督检查（次）', 数值: n.inspections },
        { 项目: '本季度尚未检查的驿站（现在，个）', 数值: n.overdue },
        { 项目: '反映的问题（个）', 数值: n.problemsOpened },
        { 项目: '已解决的问题（个）', 数值: n.problemsResolved },
        {
          项目: '解决用时中位数（小时，按区间上限；720 即 30 天及以上）',
          数值: n.medianResolveHours === undefined ? '无' : n.medianResolveHours,
        },
      ],
    },
    {
      name: '最美驿站候选',
      rows: n.candidates.map((c, i) => ({ 名次: i + 1, 驿站: c.name, 最近检查得分: c.score, 到访人次: c.visits })),
    },
  ];
}

export async function reportWorkbook(report: OrgReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = new Date(report.generatedAt);
  for (const table of reportTables(report)) {
    const sheet = book.addWorksheet(table.name);
    const headers = Object.keys(table.rows[0] ?? { 说明: '' });
    sheet.columns = headers.map((h, i) => ({ header: h, key: h, width: i === 0 ? 26 : 14 }));
    sheet.getRow(1).font = { bold: true };
    if (table.rows.length === 0) sheet.addRow({ [headers[0]!]: '没有数据' });
    for (const row of table.rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export function reportCsv(report: OrgReport): Buffer {
  const parts = reportTables(report).map(
    (table) => `${Papa.unparse([[table.name]], { escapeFormulae: true })}\r\n${Papa.unparse(table.rows, { escapeFormulae: true })}`,
  );
  return Buffer.from(`\uFEFF${parts.join('\r\n\r\n')}\r\n`, 'utf8');
}
