import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { occupationLabel, type Occupation } from '@shared/schemas/membership';
import type { VisitFigures } from '@shared/schemas/network';
import { addDays, beijingDate } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { BarList, ColumnChart, FigureGrid } from '../outreach/charts';
import './station-network.css';

const spans = [7, 30] as const;
type Span = (typeof spans)[number];

/** The last `days` Beijing days, today included, oldest first ("2026-11-24" … "2026-11-30"). */
export function lastDays(days: number, now = new Date()): string[] {
  const today = beijingDate(now);
  return Array.from({ length: days }, (_, i) => addDays(today, i - (days - 1)));
}

/**
 * A day column's label: the day of the month (「26」), with its month on the first and last columns
 * and on a month's first day (「11/25」, 「12/1」) — seven 「11/26」s ran into each other at 320 px
 * with large text.
 */
export function dayLabels(days: string[]): string[] {
  return days.map((day, i) => {
    const [month, date] = [Number(day.slice(5, 7)), Number(day.slice(8, 10))];
    return i === 0 || i === days.length - 1 || date === 1 ? `${month}/${date}` : String(date);
  });
}
const whoLabel = (key: string) => (key === 'non-member' ? '非会员' : (occupationLabel[key as Occupation] ?? key));

/**
 * 到访统计 of one station: the door QR's visits over the last 7 or 30 Beijing days, per day, per
 * hour of the day and per occupation (非会员 for those who are not members).
 */
export function StationVisits({ stationId, stationName }: { stationId: string; stationName?: string }) {
  const [span, setSpan] = useState<Span>(7);
  const days = lastDays(span);
  const { data, error, loading, reload } = useRequest(
    () => api.getStationVisits({ params: { stationId }, query: { from: days[0]!, to: days[days.length - 1]! } }),
    [stationId, span],
  );

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">到访统计</Text>
        <Text className="page-header__sub">{stationName ? `${stationName} · ` : ''}职工扫门口二维码记一次到访（同一人两小时内记一次）</Text>
      </View>
      <View className="chips">
        {spans.map((n) => (
          <View key={n} className={span === n ? 'chip chip--on' : 'chip'} onClick={() => setSpan(n)}>
            <Text>{`近 ${n} 天`}</Text>
          </View>
        ))}
      </View>
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {!error && (loading || !data) ? <Loading text="正在统计…" /> : null}
      {!error && !loading && data ? <VisitCharts figures={data} days={days} /> : null}
    </View>
  );
}

function VisitCharts({ figures: f, days }: { figures: VisitFigures; days: string[] }) {
  if (f.total === 0) return <EmptyState title="这段时间没有到访记录" hint="把门口二维码打印贴在驿站门口，职工扫码后这里就有数据" />;
  const perDay = new Map(f.days.map((d) => [d.day, d.visits]));
  const who = Object.entries(f.byOccupation)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([key, n]) => ({ key, label: whoLabel(key), value: n ?? 0 }))
    .sort((a, b) => b.value - a.value);
  return (
    <View>
      <View className="card">
        <FigureGrid
          figures={[
            { label: '到访人次', value: f.total },
            { label: '会员', value: f.members },
            { label: '非会员', value: Math.max(0, f.total - f.members) },
          ]}
        />
      </View>
      <View className="card">
        <Text className="card__title">每日到访</Text>
        <ColumnChart
          label="每日到访人次"
          columns={dayLabels(days).map((label, i) => ({ label, value: perDay.get(days[i]!) ?? 0 }))}
          latestFirstInView
          hint="最近的日期在最右边，左右滑动可看更早的"
        />
      </View>
      <View className="card">
        <Text className="card__title">几点来的（北京时间）</Text>
        <ColumnChart
          label="各时段到访人次"
          columns={f.byHour.map((value, hour) => ({ label: `${hour}时`, value }))}
          hint="左右滑动查看全天各时段"
        />
      </View>
      <View className="card">
        <Text className="card__title">谁来了（按职业）</Text>
        <BarList bars={who} empty="没有职业数据" />
      </View>
    </View>
  );
}
