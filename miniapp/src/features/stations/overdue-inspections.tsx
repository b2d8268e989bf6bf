import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { stationKindLabel } from '@shared/schemas/station';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { yearDay } from './year-day';
import './station-network.css';

/**
 * 待检查驿站: the stations of the staff member's subtree not inspected this quarter, those two people
 * found closed in open hours first, then the longest uninspected; a tap opens the station.
 */
export function OverdueInspections() {
  const pages = usePages(async (cursor) => {
    const page = await api.listOverdueInspections({ query: cursor ? { cursor } : {} });
    return { items: page.stations, nextCursor: page.nextCursor };
  }, []);
  const { items, error, loading, reload } = pages;

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">待检查驿站</Text>
        <Text className="page-header__sub">本季度还没有监督员检查过的驿站（本组织及下级）：两人反映关门的在前，其余最久未检查的在前</Text>
      </View>
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !items ? <Loading /> : null}
      {items && items.length === 0 ? (
        <EmptyState icon="✓" title="本季度的驿站都已检查" hint="新的季度开始后，这里会列出还没检查的驿站" />
      ) : null}
      {items && items.length > 0 ? (
        <View className="card">
          {items.map((s) => (
            <View
              key={s.stationId}
              className="net-row net-tappable"
              role="link"
              data-overdue={s.stationId}
              onClick={() => Taro.navigateTo({ url: `/pages/station/index?id=${encodeURIComponent(s.stationId)}` })}
            >
              <Text className="net-row__name">{s.name}</Text>
              <Text className="net-row__facts">
                {stationKindLabel[s.kind]} ·{' '}
                {s.lastInspectedAt
                  ? `上次检查 ${yearDay(s.lastInspectedAt)}${s.lastScore === undefined ? '' : `，${s.lastScore} 分`}`
                  : '从未检查'}
              </Text>
              {s.flagged ? <Text className="net-flag">两人反映开放时间关门</Text> : null}
            </View>
          ))}
        </View>
      ) : null}
      <ListFooter pages={pages} />
    </View>
  );
}
