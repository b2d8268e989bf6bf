import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { usePages } from '../../lib/use-pages';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import './activities.css';

/** Staff: their org's activities first (each opens its sign-up list); publishing a new one is its own page. */
type Timed = { startsAt: string; endsAt: string };
const ended = (a: Timed, now: number) => Date.parse(a.endsAt) <= now;
const started = (a: Timed, now: number) => Date.parse(a.startsAt) <= now;

export function StaffActivities() {
  // the API sends what staff work on first: running and upcoming ones (ending soonest first), then
  // ended ones (latest first), 20 a page
  const pages = usePages(async (cursor) => {
    const page = await api.listStaffActivities({ query: cursor ? { cursor } : {} });
    return { items: page.activities, nextCursor: page.nextCursor };
  }, []);
  const { items, error, loading, reload } = pages;
  // back from publishing or from an activity: show what changed there
  useRefreshOnShow(reload);
  const now = Date.now();
  const publish = () => Taro.navigateTo({ url: '/staff/pages/publish/index' });

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">活动报名管理</Text>
      </View>
      <Button className="big-button staff-activities__publish" onClick={publish}>
        发布新活动
      </Button>
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !items ? <Loading /> : null}
      {items && items.length === 0 ? <EmptyState title="还没有发布活动" hint="点上面的“发布新活动”" /> : null}
      {items
        ? items.map((a) => (
            <View
              key={a.id}
              className="card activity"
              data-activity={a.id}
              onClick={() => Taro.navigateTo({ url: `/staff/pages/activity/index?id=${a.id}` })}
            >
              <View className="activity__top">
                <Text className="activity__title">{a.title}</Text>
                <Text className="my-signups-link__arrow">›</Text>
              </View>
              <Text className="muted activity__line">
                {beijingDisplay(a.startsAt)} · {a.place}
                {ended(a, now) ? ' · 已结束' : started(a, now) ? ' · 进行中' : ''}
              </Text>
              <Text className="activity__line">
                已报名 {a.confirmed}
                {a.capacity === null ? '（不限名额）' : ` / ${a.capacity}`}
              </Text>
            </View>
          ))
        : null}
      <ListFooter pages={pages} />
    </View>
  );
}
