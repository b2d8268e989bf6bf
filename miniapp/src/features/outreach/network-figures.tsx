import { Text, View } from '@tarojs/components';
import type { NetworkFigures as Figures } from '@shared/schemas/network';
import { stationKindLabel, type StationKind } from '@shared/schemas/station';
import { keepNumbersWhole } from '../../components/keep-numbers-whole';
import { BarList, FigureGrid } from './charts';
import './outreach.css';

/** The resolution-time buckets' upper bounds (hours) up to a week, as a person says them. */
const WITHIN: readonly (readonly [number, string])[] = [
  [1, '1 小时内'],
  [4, '4 小时内'],
  [12, '12 小时内'],
  [24, '1 天内'],
  [72, '3 天内'],
  [168, '7 天内'],
];

/**
 * 处理时长中位数 as a person says it. The API gives the upper bound of the histogram bucket holding
 * the median (hours): 24 means between 12 hours and a day, so 「1 天内」. Past a week it gives 720 for
 * both "within 30 days" and "over 30 days" (docs/station-network.md), so all that is true of it is
 * 「7 天以上」.
 */
export function resolveTimeText(hours: number | undefined): string {
  if (hours === undefined) return '—';
  return WITHIN.find(([bound]) => hours <= bound)?.[1] ?? '7 天以上';
}

/**
 * The station network in 统计报表 (issue 14): stations now by kind and 24 小时, the period's visits,
 * inspections and problems (opened, resolved, median time to resolve), the stations not inspected this
 * quarter, and the 最美驿站 candidates (best latest score, then visits).
 */
export function NetworkFigures({ network: n }: { network: Figures }) {
  const byKind = (Object.entries(n.stationsByKind) as [StationKind, number | undefined][])
    .filter(([, c]) => (c ?? 0) > 0)
    .map(([kind, c]) => ({ key: kind, label: stationKindLabel[kind], value: c ?? 0 }))
    .sort((a, b) => b.value - a.value);
  return (
    <View data-network>
      <View className="card">
        <Text className="card__title">驿站网络</Text>
        <FigureGrid
          figures={[
            { label: '24 小时驿站', value: n.allDayStations },
            { label: '到访人次', value: n.visits },
            { label: '检查次数', value: n.inspections },
            { label: '本季度未检查', value: n.overdue },
            { label: '问题新增', value: n.problemsOpened },
            { label: '问题已处理', value: n.problemsResolved },
            { label: '处理时长中位数', value: resolveTimeText(n.medianResolveHours), wide: true },
          ]}
        />
      </View>
      <View className="card">
        <Text className="card__title">驿站（按类型，现有）</Text>
        <BarList bars={byKind} empty="还没有驿站" />
      </View>
      <View className="card">
        <Text className="card__title">最美驿站候选</Text>
        <Text className="muted">按最近一次检查得分，同分按这段时间的到访人次</Text>
        {n.candidates.length === 0 ? (
          <Text className="muted chart__empty">还没有检查过的驿站</Text>
        ) : (
          n.candidates.map((c, i) => (
            <View key={c.stationId} className="candidate" data-candidate={c.stationId}>
              <Text className="candidate__rank">{i + 1}</Text>
              <Text className="candidate__name">{keepNumbersWhole(c.name)}</Text>
              <Text className="candidate__figures">{`${c.score} 分 · ${c.visits} 人次`}</Text>
            </View>
          ))
        )}
      </View>
    </View>
  );
}
