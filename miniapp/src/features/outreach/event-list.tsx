import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { eventKindLabel, eventStatusLabel, type EventStatus, type OutreachEvent } from '@shared/schemas/outreach';
import { beijingClock, beijingDate, beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import './outreach.css';

/**
 * The status the clock says, unless staff ended it: 已结束 once closed; else 筹备中 before the start,
 * 进行中 until the end, 已结束 after. The stored status stays as staff set it (the stalls go by that).
 */
export function shownStatus(e: Pick<OutreachEvent, 'status' | 'startsAt' | 'endsAt'>, now = Date.now()): EventStatus {
  if (e.status === 'closed') return 'closed';
  if (now < Date.parse(e.startsAt)) return 'planned';
  if (now < Date.parse(e.endsAt)) return 'open';
  return 'closed';
}

export function StatusChip({ event }: { event: Pick<OutreachEvent, 'status' | 'startsAt' | 'endsAt'> }) {
  const status = shownStatus(event);
  return <Text className={`status-chip status-chip--${status}`}>{eventStatusLabel[status]}</Text>;
}

/** "11月29日 周三 12:00–14:00", or with both days when it runs past the day it starts */
export function eventTimes(e: Pick<OutreachEvent, 'startsAt' | 'endsAt'>): string {
  return beijingDate(e.startsAt) === beijingDate(e.endsAt)
    ? `${beijingDisplay(e.startsAt)}–${beijingClock(e.endsAt)}`
    : `${beijingDisplay(e.startsAt)} 至 ${beijingDisplay(e.endsAt)}`;
}

/** 沟通会: the events of the staff member's subtree, latest start first, 20 a page; each opens its dashboard. */
export function EventList() {
  const pages = usePages(async (cursor) => {
    const page = await api.listEvents({ query: cursor ? { cursor } : {} });
    return { items: page.events, nextCursor: page.nextCursor };
  }, []);
  const { items, error, loading, reload } = pages;
  // back from creating or editing one: show it as it is now
  useRefreshOnShow(reload);

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">沟通会</Text>
        <Text className="page-header__sub">本组织及下级组织的职工沟通会、企业沟通会，最近的在前</Text>
      </View>
      <View className="page-actions">
        <Button className="big-button" onClick={() => Taro.navigateTo({ url: '/staff/pages/event-edit/index' })}>
          新建沟通会
        </Button>
      </View>
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !items ? <Loading /> : null}
      {items && items.length === 0 && !error ? <EmptyState title="还没有沟通会" hint="点上面的“新建沟通会”" /> : null}
      {items?.map((e) => (
        <View
          key={e.id}
          className="card event-card"
          data-event={e.id}
          onClick={() => Taro.navigateTo({ url: `/staff/pages/event/index?eventId=${e.id}` })}
        >
          <View className="event-card__top">
            <Text className="event-card__name">{e.name}</Text>
            <StatusChip event={e} />
          </View>
          <Text className="muted event-card__line">{eventTimes(e)}</Text>
          <Text className="muted event-card__line">
            {eventKindLabel[e.kind]} · {e.place}
          </Text>
          <Text className="muted event-card__line">{e.hostOrgName}</Text>
        </View>
      ))}
      <ListFooter pages={pages} />
    </View>
  );
}
