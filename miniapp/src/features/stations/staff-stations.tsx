import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { stationKindLabel } from '@shared/schemas/station';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import './station-edit.css';

/** Staff: the stations of their org and below, by name, a page at a time; 新建驿站 and 从表格导入 on top. */
export function StaffStations() {
  const pages = usePages(async (cursor) => {
    const page = await api.listStaffStations({ query: cursor ? { cursor } : {} });
    return { items: page.stations, nextCursor: page.nextCursor };
  }, []);
  const { items: stations, error, loading, reload } = pages;

  return (
    <View className="page">
      <View className="detail-actions">
        <Button className="big-button" onClick={() => Taro.navigateTo({ url: '/staff/pages/station-edit/index' })}>
          新建驿站
        </Button>
        <Button className="big-button big-button--ghost" onClick={() => Taro.navigateTo({ url: '/staff/pages/station-import/index' })}>
          从表格导入
        </Button>
      </View>
      {error ? (
        <ErrorState message={error.message} onRetry={reload} />
      ) : loading && !stations ? (
        <Loading />
      ) : !stations || stations.length === 0 ? (
        <EmptyState title="还没有驿站" hint="点“新建驿站”添加第一个，或从表格导入" />
      ) : (
        <View className="card">
          {stations.map((s) => (
            <View
              key={s.id}
              className="station-list__row"
              onClick={() => Taro.navigateTo({ url: `/staff/pages/station-edit/index?id=${encodeURIComponent(s.id)}` })}
            >
              <Text className="station-list__name">{s.name}</Text>
              <Text className="muted">
                {stationKindLabel[s.kind]} · {s.status === 'open' ? '开放' : '暂停开放'} · 照片 {s.photoIds.length} 张
              </Text>
            </View>
          ))}
          <ListFooter pages={pages} />
        </View>
      )}
    </View>
  );
}
