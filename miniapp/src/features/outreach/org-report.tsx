import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { Button, Picker, Text, View } from '@tarojs/components';
import {
  MAX_REPORT_DAYS,
  MAX_REPORT_MONTHS,
  OrgReport as OrgReportSchema,
  type OrgReport as Report,
  type PeriodFigures,
  type ReportExport,
  type ReportQuery,
  type ReportUnit,
} from '@shared/schemas/figures';
import { beijingDate, beijingDay, beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useRequest } from '../../lib/use-request';
import { Choices } from '../../components/choices';
import { ActionError, FieldError } from '../../components/field-error';
import { ErrorState, Loading } from '../../components/states';
import { BarList, ColumnChart, FigureGrid } from './charts';
import { NetworkFigures } from './network-figures';
import { ClaimFigures } from './claim-figures';
import { ScopeOrgPicker } from './scope-orgs';
import { checkedReply } from './checked-reply';
import './outreach.css';

const unitChoices: { value: ReportUnit; label: string }[] = [
  { value: 'day', label: '按日' },
  { value: 'month', label: '按月' },
];

/** The per-period chart shows one figure at a time, picked with a chip. */
const metrics: { key: Exclude<keyof PeriodFigures, 'period'>; label: string }[] = [
  { key: 'joins', label: '入会' },
  { key: 'meetings', label: '沟通会' },
  { key: 'services', label: '服务' },
  { key: 'consultations', label: '咨询' },
  { key: 'leaflets', label: '宣传册' },
  { key: 'aidCards', label: '互助服务卡' },
  { key: 'signups', label: '报名' },
  { key: 'checkins', label: '签到' },
];

/** This month by day, up to today (Beijing). */
function defaultRange(unit: ReportUnit, now = new Date()): { from: string; to: string } {
  const today = beijingDate(now);
  if (unit === 'day') return { from: `${today.slice(0, 7)}-01`, to: today };
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - MAX_REPORT_MONTHS, 1));
  return { from: first.toISOString().slice(0, 7), to: today.slice(0, 7) };
}

/** How many days or months the range holds (0 when it is not a range). */
function periodsIn(unit: ReportUnit, from: string, to: string): number {
  if (unit === 'day') return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** Problems with the range, keyed as the API keys them; none: the report can be read. */
function rangeProblems(q: ReportQuery): Record<string, string[]> {
  const n = periodsIn(q.unit, q.from, q.to);
  if (!Number.isFinite(n)) return { from: ['请选择开始和结束'] };
  if (n < 1) return { to: [q.unit === 'day' ? '结束日期不能早于开始日期' : '结束月份不能早于开始月份'] };
  if (q.unit === 'day' && n > MAX_REPORT_DAYS) return { to: [`按日最多查看 ${MAX_REPORT_DAYS} 天，请缩短范围或改为按月`] };
  if (q.unit === 'month' && n > MAX_REPORT_MONTHS) return { to: [`按月最多查看 ${MAX_REPORT_MONTHS} 个月`] };
  return {};
}

const periodLabel = (unit: ReportUnit, period: string) =>
  unit === 'day' ? `${Number(period.slice(5, 7))}/${Number(period.slice(8, 10))}` : `${Number(period.slice(5, 7))}月`;
const rangeLabel = (unit: ReportUnit, value: string) =>
  unit === 'day' ? beijingDay(value) : `${value.slice(0, 4)}年${Number(value.slice(5, 7))}月`;
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
const byCount = <T extends { count: number }>(rows: T[]) => [...rows].sort((a, b) => b.count - a.count);

/**
 * 统计报表: an org of the staff member's scope, rolled up its whole subtree, by day (this month by
 * default) or by month; the totals as big numbers and bars, a column per day or month, and the same
 * tables exported to Excel (a sheet per table) or CSV.
 */
export function OrgReport({ actingOrgId }: { actingOrgId: string }) {
  const [orgId, setOrgId] = useState(actingOrgId);
  const [unit, setUnit] = useState<ReportUnit>('day');
  const [range, setRange] = useState(() => defaultRange('day'));
  const [metric, setMetric] = useState<(typeof metrics)[number]['key']>('joins');
  const query: ReportQuery = { orgId, unit, ...range };
  const problems = rangeProblems(query);
  const ready = Object.keys(problems).length === 0;
  const report = useRequest(
    () => (ready ? checkedReply(OrgReportSchema, api.orgReport({ query })) : Promise.resolve(null)),
    [orgId, unit, range.from, range.to],
  );
  const { busy, problemOf, run } = useAction();
  const [phase, setPhase] = useState('');
  const made = useRef<{ key: string; file: ReportExport } | null>(null);

  const pickUnit = (next: ReportUnit) => {
    setUnit(next);
    setRange(defaultRange(next));
  };
  const apiProblem = report.error?.fieldErrors;
  // one under the other, each the card's width: side by side (or beside a 从 / 至) "12月1日 周二" wrapped
  // and overflowed its box on a 320 px screen with large text
  const rangePicker = (end: 'from' | 'to') => (
    <View className="report__range-part">
      <Text className="report__range-to">{`${end === 'from' ? '开始' : '结束'}${unit === 'day' ? '日期' : '月份'}`}</Text>
      <Picker
        className="report__range-picker"
        mode="date"
        fields={unit === 'day' ? 'day' : 'month'}
        name={`report-${end}`}
        value={range[end]}
        onChange={(e) => setRange((r) => ({ ...r, [end]: String(e.detail.value).slice(0, unit === 'day' ? 10 : 7) }))}
      >
        <View className="join__input event-form__picked">{rangeLabel(unit, range[end])}</View>
      </Picker>
    </View>
  );

  const exportAs = (format: 'xlsx' | 'csv') =>
    run(format, async () => {
      setPhase('正在生成…');
      // both files come from one export: the other format of the same report reuses its links while they last
      const key = JSON.stringify(query);
      const kept = made.current?.key === key && Date.parse(made.current.file.expiresAt) - Date.now() > 60_000 ? made.current.file : null;
      const file = kept ?? (await api.exportReport({ body: query }));
      made.current = { key, file };
      const url = format === 'xlsx' ? file.xlsxUrl : file.csvUrl;
      const name = format === 'xlsx' ? file.filename : file.filename.replace(/\.xlsx$/, '') + '.csv';
      if (process.env.TARO_ENV === 'weapp') {
        if (format === 'xlsx') {
          setPhase('正在下载…');
          const { tempFilePath, statusCode } = await Taro.downloadFile({ url });
          if (statusCode !== 200) throw new Error('download');
          setPhase('正在打开…');
          await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true });
          void Taro.showToast({ title: '已导出', icon: 'success' });
        } else {
          // WeChat opens no CSV: the link goes to the clipboard, for a browser on a computer
          await Taro.setClipboardData({ data: url });
          void Taro.showToast({ title: 'CSV 链接已复制，10 分钟内有效', icon: 'none', duration: 3000 });
        }
      } else {
        download(url, name);
        void Taro.showToast({ title: '已导出', icon: 'success' });
      }
    });

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">统计报表</Text>
        <Text className="page-header__sub">所选组织及全部下级组织的合计，按北京时间统计</Text>
      </View>
      <View className="card report__filters">
        <Text className="join__label">组织</Text>
        <ScopeOrgPicker name="report-org" value={orgId} onChange={setOrgId} />
        <Text className="join__label">统计方式</Text>
        <Choices options={unitChoices} value={unit} onChange={(u) => u && pickUnit(u)} />
        <Text className="join__label">{unit === 'day' ? '日期范围' : '月份范围'}</Text>
        <View className="report__range">
          {rangePicker('from')}
          {rangePicker('to')}
        </View>
        <FieldError messages={problems.from ?? problems.to ?? apiProblem?.from ?? apiProblem?.to} />
      </View>
      {ready ? (
        <ReportBody
          report={report.data ?? undefined}
          loading={report.loading}
          error={report.error && !apiProblem ? report.error.message : undefined}
          onRetry={report.reload}
          metric={metric}
          onMetric={setMetric}
        />
      ) : null}
      {ready && report.data ? (
        <View className="card">
          <Text className="card__title">导出</Text>
          <Text className="muted">Excel 每张表一个工作表；CSV 可用任何表格软件打开</Text>
          <View className="report__export">
            <Button className="big-button report__export-button" disabled={busy !== null} onClick={() => exportAs('xlsx')}>
              {busy === 'xlsx' ? phase : '导出 Excel'}
            </Button>
            <Button className="big-button big-button--ghost report__export-button" disabled={busy !== null} onClick={() => exportAs('csv')}>
              {busy === 'csv' ? phase : '导出 CSV'}
            </Button>
          </View>
          <ActionError message={problemOf('xlsx') ?? problemOf('csv')} />
        </View>
      ) : null}
    </View>
  );
}

/**
 * H5: the link answers Content-Disposition: attachment, so following it saves the file and this
 * page stays; `download` names it too where the browser honours it.
 */
function download(url: string, name: string) {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

type Metric = (typeof metrics)[number]['key'];

function ReportBody({
  report: r,
  loading,
  error,
  onRetry,
  metric,
  onMetric,
}: {
  report?: Report;
  loading: boolean;
  error?: string;
  onRetry: () => void;
  metric: Metric;
  onMetric: (m: Metric) => void;
}) {
  if (error) return <ErrorState message={error} onRetry={onRetry} />;
  if (!r || loading) return <Loading text="正在统计…" />;
  const t = r.totals;
  const metricLabel = metrics.find((m) => m.key === metric)!.label;
  // no joins: no share to speak of (not "0%")
  const share = t.joins > 0 ? `新就业形态 ${percent(t.newEmploymentShare)}` : undefined;
  return (
    <View data-report={r.orgId}>
      <View className="card">
        <Text className="card__title">{r.orgName}</Text>
        <Text className="muted">
          {rangeLabel(r.unit, r.from)} 至 {rangeLabel(r.unit, r.to)}
        </Text>
        <FigureGrid
          figures={[
            { label: '沟通会', value: t.meetings },
            { label: '入会申请', value: t.joins, note: share },
            { label: '审核通过', value: t.approved },
            { label: '服务人次', value: t.services },
            { label: '咨询', value: t.consultations },
            { label: '宣传册', value: t.leaflets },
            { label: '互助服务卡', value: t.aidCards },
            { label: '活动报名', value: t.signups },
            { label: '签到', value: t.checkins },
            ...(r.stations === undefined ? [] : [{ label: '驿站（现有）', value: r.stations }]),
          ]}
        />
      </View>
      <View className="card">
        <Text className="card__title">{r.unit === 'day' ? '每日' : '每月'}变化</Text>
        <View className="chips report__metrics">
          {metrics.map((m) => (
            <View key={m.key} className={m.key === metric ? 'chip chip--on' : 'chip'} onClick={() => onMetric(m.key)}>
              <Text>{m.label}</Text>
            </View>
          ))}
        </View>
        <ColumnChart
          label={`${metricLabel}（${r.unit === 'day' ? '每日' : '每月'}）`}
          columns={r.periods.map((p) => ({ label: periodLabel(r.unit, p.period), value: p[metric] }))}
          empty={`这段时间没有${metricLabel}`}
          latestFirstInView
          hint={`最近的${r.unit === 'day' ? '日期' : '月份'}在最右边，左右滑动可看更早的`}
        />
      </View>
      <View className="card">
        <Text className="card__title">沟通会（按类型）</Text>
        <BarList bars={t.meetingsByKind.map((b) => ({ key: b.key, label: b.label, value: b.count }))} empty="这段时间没有沟通会" />
      </View>
      <View className="card">
        <Text className="card__title">入会职工（按职业）</Text>
        {t.joins > 0 ? <Text className="muted">{`新就业形态劳动者占 ${percent(t.newEmploymentShare)}`}</Text> : null}
        <BarList
          bars={byCount(t.joinsByOccupation).map((b) => ({ key: b.key, label: b.label, value: b.count }))}
          empty="这段时间没有入会申请"
        />
      </View>
      <View className="card">
        <Text className="card__title">服务（按项目）</Text>
        <BarList
          bars={byCount(t.servicesByType).map((b) => ({ key: b.key, label: b.label, value: b.count }))}
          empty="这段时间没有服务记录"
        />
      </View>
      {r.network ? <NetworkFigures network={r.network} /> : null}
      {r.claims ? <ClaimFigures claims={r.claims} /> : null}
      <Text className="muted event-dash__updated">生成于 {beijingDisplay(r.generatedAt)}，当天的数据随时更新</Text>
    </View>
  );
}
