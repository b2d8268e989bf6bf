import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { Station } from '@shared/schemas/station';
import { stationKindLabel } from '@shared/schemas/station';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { ActionError } from '../../components/field-error';
import './station-edit.css';

/** Staff: the stations of their org and below, by name, a page at a time; 新建驿站 and 从表格导入 on top. */
export function StaffStations() {
  const first = useRequest(() => api.listStaffStations({ query: {} }), []);
  const [more, setMore] = useState<{ stations: Station[]; cursor?: string }>({ stations: [] });
  const { busy, problemOf, run } = useAction();
  useEffect(() => setMore({ stations: [], cursor: first.data?.nextCursor }), [first.data]);

  const loadMore = () =>
    run('more', async () => {
      const page = await api.listStaffStations({ query: { cursor: more.cursor } });
      setMore((m) => ({ stations: [...m.stations, ...page.stations], cursor: page.nextCursor }));
    });
  const stations = [...(first.data?.stations ?? []), ...more.stations];

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
      {first.error ? (
        <ErrorState message={first.error.message} onRetry={first.reload} />
      ) : first.loading && !first.data ? (
        <Loading />
      ) : stations.length === 0 ? (
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
          {more.cursor ? (
            <Button className="big-button big-button--ghost" disabled={busy !== null} onClick={loadMore}>
              {busy === 'more' ? '正在加载…' : '加载更多'}
            </Button>
          ) : null}
          <ActionError message={problemOf('more')} />
        </View>
      )}
    </View>
  );
}
