import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { eventKindLabel, OutreachEvent } from '@shared/schemas/outreach';
import { EventFigures } from '@shared/schemas/stall';
import { beijingClock } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { ErrorState, Loading } from '../../components/states';
import { BarList, ColumnChart, FigureGrid } from './charts';
import { eventTimes, StatusChip } from './event-list';
import { useLive } from './use-live';
import { checkedReply } from './checked-reply';
import './outreach.css';

/** how often the dashboard reads the figures again while it is shown */
export const FIGURES_REFRESH_MS = 15_000;

/**
 * One event while it runs: what and where, the big way into stall mode, and its live figures
 * (joins per hour, each service's places, the occupations of those who joined, 咨询 / 宣传册 /
 * 互助服务卡 / 签到), read every 15 s while the page is shown.
 */
export function EventDashboard({ eventId }: { eventId: string }) {
  const event = useRequest(() => checkedReply(OutreachEvent, api.getEvent({ params: { eventId } })), [eventId]);
  // back from 修改沟通会: the name, time or services may have changed
  useRefreshOnShow(event.reload);
  const figures = useLive(() => checkedReply(EventFigures, api.eventFigures({ params: { eventId }, query: {} })), FIGURES_REFRESH_MS, [
    eventId,
  ]);

  if (event.error && !event.data) return <ErrorState message={event.error.message} onRetry={event.reload} />;
  if (!event.data) return <Loading />;
  const e = event.data;

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">{e.name}</Text>
        <Text className="page-header__sub">
          {eventKindLabel[e.kind]} · {e.hostOrgName}
        </Text>
        <Text className="page-header__sub">{eventTimes(e)}</Text>
        <Text className="page-header__sub">{e.place}</Text>
      </View>
      <View className="card event-card__top">
        <Text>状态</Text>
        <StatusChip event={e} />
      </View>
      {e.status === 'closed' ? null : (
        <View className="page-actions">
          <Button
            className="big-button event-dash__stall"
            onClick={() => Taro.navigateTo({ url: `/staff/pages/stall/index?eventId=${encodeURIComponent(e.id)}` })}
          >
            进入摊位模式
          </Button>
        </View>
      )}
      <Figures figures={figures.data} loading={figures.loading} error={figures.error?.message} onRetry={figures.refresh} />
      <View className="card">
        <Button
          className="big-button big-button--ghost"
          onClick={() => Taro.navigateTo({ url: `/staff/pages/event-edit/index?eventId=${encodeURIComponent(e.id)}` })}
        >
          {e.status === 'closed' ? '查看或修改沟通会' : '修改沟通会 · 结束沟通会'}
        </Button>
      </View>
    </View>
  );
}

/**
 * A column's label from the API's Beijing hour: "23:00" → "23时"; an event over several days says
 * the day too, "11月30日 23:00" → "30日23时" (the hour is the part after the day, never its first two characters).
 */
export function hourLabel(hour: string): string {
  const m = /^(?:\d{1,2}月(\d{1,2})日\s*)?(\d{1,2}):\d{2}$/.exec(hour.trim());
  if (!m) return hour;
  return `${m[1] ? `${Number(m[1])}日` : ''}${Number(m[2])}时`;
}

function Figures({
  figures: f,
  loading,
  error,
  onRetry,
}: {
  figures?: EventFigures;
  loading: boolean;
  error?: string;
  onRetry: () => void;
}) {
  if (!f) return error ? <ErrorState title="现场数据加载失败" message={error} onRetry={onRetry} /> : <Loading text="正在读取现场数据…" />;
  const served = f.services.reduce((n, s) => n + s.registered + s.tallied, 0);
  return (
    <View>
      <View className="card">
        <Text className="card__title">现场数据</Text>
        <FigureGrid
          figures={[
            { label: '入会', value: f.joins.total },
            { label: '服务人次', value: served },
            { label: '签到', value: f.checkins },
            { label: '咨询', value: f.tallies.consult },
            { label: '宣传册', value: f.tallies.leaflet },
            { label: '互助服务卡', value: f.tallies.aidCard },
          ]}
        />
      </View>
      {error ? (
        <View className="event-dash__updated" role="alert">
          <Text className="field-error">{`刷新失败：${error}（每 15 秒自动重试）`}</Text>
        </View>
      ) : (
        <Text className="muted event-dash__updated">
          {loading ? '正在刷新…' : `更新于 ${beijingClock(f.updatedAt)} · 每 15 秒自动刷新`}
        </Text>
      )}
      <View className="card">
        <Text className="card__title">每小时入会</Text>
        <ColumnChart
          label="每小时入会人数"
          columns={f.joins.byHour.map((h) => ({ label: hourLabel(h.hour), value: h.joins }))}
          empty="还没有人扫码入会"
        />
      </View>
      <View className="card">
        <Text className="card__title">各项服务</Text>
        <BarList
          empty="这场沟通会没有服务项目"
          bars={f.services.map((s) =>
            // a service with places: how many of them are taken (and who waits); else people served
            s.capacity === undefined
              ? { key: s.key, label: s.name, value: s.registered + s.tallied, note: '人次' }
              : {
                  key: s.key,
                  label: s.name,
                  value: s.registered,
                  of: s.capacity,
                  note: [`/ ${s.capacity}`, s.waitlisted > 0 ? `候补 ${s.waitlisted}` : '', s.tallied > 0 ? `另计数 ${s.tallied}` : '']
                    .filter(Boolean)
                    .join(' · '),
                },
          )}
        />
      </View>
      <View className="card">
        <Text className="card__title">新入会职工的职业</Text>
        <BarList
          empty="还没有人入会"
          bars={[...f.joins.byOccupation]
            .sort((a, b) => b.count - a.count)
            .map((o) => ({ key: o.occupation, label: o.label, value: o.count }))}
        />
      </View>
    </View>
  );
}
