import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { ListFooter } from '../../components/list-footer';
import { keepNumbersWhole } from '../../components/keep-numbers-whole';
import { inspectedOn } from './inspected-on';
import { superviseUrls } from './urls';
import './supervise.css';

/**
 * 我监督的驿站: the stations a volunteer supervisor was appointed to, a page at a time, each marked
 * 本季度待检查 until it is inspected this quarter, with 检查驿站 and 检查记录 one tap away.
 */
export function MySupervision() {
  const pages = usePages(
    (cursor) => api.listMySupervision({ query: { cursor } }).then((page) => ({ items: page.stations, nextCursor: page.nextCursor })),
    [],
  );
  // back from an inspection: the station is no longer due
  useRefreshOnShow(pages.reload);
  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">我监督的驿站</Text>
        <Text className="page-header__sub">每个驿站每季度至少检查一次：到驿站现场（200 米内），按七有标准逐项检查。</Text>
      </View>
      {pages.error && !pages.items ? <ErrorState message={pages.error.message} onRetry={pages.reload} /> : null}
      {!pages.error && !pages.items ? <Loading text="正在加载您监督的驿站…" /> : null}
      {pages.items?.length === 0 ? <EmptyState title="您还不是义务监督员" hint="所属工会任命后，您负责监督的驿站会列在这里" /> : null}
      {pages.items?.map((s) => (
        <View key={s.stationId} className="card supervised" data-station={s.stationId}>
          <View className="supervised__head">
            <Text className="supervised__name">{keepNumbersWhole(s.name)}</Text>
            {s.due ? <Text className="due-badge">本季度待检查</Text> : <Text className="done-badge">本季度已检查</Text>}
          </View>
          <Text className="supervised__address">{s.address}</Text>
          <Text className="muted supervised__last">
            {s.lastInspectedAt
              ? `上次检查 ${inspectedOn(s.lastInspectedAt)}${s.lastScore === undefined ? '' : ` · ${s.lastScore} 分`}`
              : '还没有检查过'}
          </Text>
          <View className="supervised__actions">
            <Button className="big-button" onClick={() => Taro.navigateTo({ url: superviseUrls.inspect(s.stationId) })}>
              检查驿站
            </Button>
            <Button
              className="big-button big-button--ghost"
              onClick={() => Taro.navigateTo({ url: superviseUrls.history(s.stationId, s.name) })}
            >
              检查记录
            </Button>
          </View>
          <Text className="supervised__open" onClick={() => Taro.navigateTo({ url: `/pages/station/index?id=${s.stationId}` })}>
            查看驿站详情 ›
          </Text>
        </View>
      ))}
      <ListFooter pages={pages} endText="您监督的驿站都在这里了" />
    </View>
  );
}
