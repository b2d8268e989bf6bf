import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { ListFooter } from '../../components/list-footer';
import { superviseUrls } from './urls';
import './supervise.css';

/**
 * 检查记录: a station's inspections, newest first, each with its score and open tasks; a tap opens it.
 * The header names the station (as its inspections do, else as the page was opened with).
 */
export function InspectionHistory({ stationId, stationName: opened }: { stationId: string; stationName?: string }) {
  const pages = usePages(
    (cursor) =>
      api
        .listStationInspections({ params: { stationId }, query: { cursor } })
        .then((page) => ({ items: page.inspections, nextCursor: page.nextCursor })),
    [stationId],
  );
  useRefreshOnShow(pages.reload);
  const inspect = (
    <Button className="big-button inspect-history__new" onClick={() => Taro.navigateTo({ url: superviseUrls.inspect(stationId) })}>
      检查驿站
    </Button>
  );
  const stationName = pages.items?.[0]?.stationName ?? opened;
  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">{stationName ?? '检查记录'}</Text>
        <Text className="page-header__sub">{stationName ? '检查记录（最新在前）' : '每次检查的得分和整改进度，最新在前'}</Text>
      </View>
      {pages.error && !pages.items ? <ErrorState message={pages.error.message} onRetry={pages.reload} /> : null}
      {!pages.error && !pages.items ? <Loading text="正在加载检查记录…" /> : null}
      {pages.items?.length === 0 ? <EmptyState title="还没有检查记录" hint="到驿站现场检查后，记录和整改进度都在这里" /> : null}
      {pages.items?.map((it) => {
        const open = it.items.filter((i) => i.task?.status === 'open').length;
        return (
          <View
            key={it.id}
            className="card inspection-row"
            role="link"
            data-inspection={it.id}
            onClick={() => Taro.navigateTo({ url: superviseUrls.inspection(it.id) })}
          >
            <View className="inspection-row__head">
              <Text className="inspection-row__when">{beijingDisplay(it.submittedAt)}</Text>
              <Text className="inspection-row__score">{it.score} 分</Text>
            </View>
            <Text className={open > 0 ? 'inspection-row__tasks inspection-row__tasks--open' : 'muted'}>
              {it.failed === 0 ? '全部合格' : `${it.failed} 项不合格${open > 0 ? ` · ${open} 项待整改` : ' · 已全部整改'}`}
            </Text>
            <Text className="muted">{it.supervisorName} 检查 ›</Text>
          </View>
        );
      })}
      <ListFooter pages={pages} endText="没有更早的检查了" />
      {pages.items ? <View className="inspect-history__actions">{inspect}</View> : null}
    </View>
  );
}
