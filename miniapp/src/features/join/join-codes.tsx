import { useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { JoinCodeFigures } from '@shared/schemas/membership';
import { beijingDate, beijingDay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { ActionError, FieldError } from '../../components/field-error';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { EventPicker } from '../outreach/event-picker';
import { PagesFooter, usePages } from './use-pages';
import './join.css';

/** Staff: create a join code for an outreach event, see its figures, print its poster; codes of the subtree newest first, 20 at a time. */
export function JoinCodes({ actingOrgId }: { actingOrgId: string }) {
  const codes = usePages(
    (cursor) => api.listJoinCodes({ query: { cursor } }).then((p) => ({ items: p.codes, nextCursor: p.nextCursor })),
    (c) => c.id,
    [],
  );
  const reload = codes.reload;
  useReachBottom(codes.loadMore);
  const [event, setEvent] = useState({ title: '', date: beijingDate(new Date()), place: '' });
  const [autoApprove, setAutoApprove] = useState(false);
  // a stall's code of a 沟通会: the event gives the title, day and place
  const [eventId, setEventId] = useState<string | undefined>(undefined);
  const form = useFieldErrors((key) => key.startsWith('event.') || key === 'eventId');
  const { busy, problemOf, run } = useAction(form);
  const change = (key: keyof typeof event, value: string) => {
    setEvent({ ...event, [key]: value });
    form.clear(`event.${key}`);
  };

  const create = () =>
    run('create', async () => {
      const code = await api.createJoinCode({
        body: { orgId: actingOrgId, ...(eventId ? { eventId } : { event: event.title ? event : undefined }), autoApprove },
      });
      reload();
      Taro.navigateTo({ url: `/staff/pages/poster/index?token=${code.token}` });
    });

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">扫码入会</Text>
        <Text className="page-header__sub">为沟通会生成二维码，现场统计入会人数</Text>
      </View>
      <View className={`card ${form.scope}`}>
        <Text className="card__title">新建入会码</Text>
        <EventPicker
          name="join-code-event"
          value={eventId}
          errors={form.errors.eventId}
          onChange={(id) => {
            setEventId(id);
            form.clear('eventId');
          }}
        />
        {eventId ? null : (
          <View>
            <Text className="join__label">活动名称（可不填）</Text>
            <Input
              className="join__input"
              name="event-title"
              value={event.title}
              placeholder="如：卢沟桥职工沟通会"
              onInput={(e) => change('title', e.detail.value)}
            />
            <FieldError messages={form.errors['event.title']} />
            <Text className="join__label">日期</Text>
            <Picker mode="date" name="event-date" value={event.date} onChange={(e) => change('date', String(e.detail.value))}>
              <View className="join__input join__picked">{beijingDay(event.date)}</View>
            </Picker>
            <FieldError messages={form.errors['event.date']} />
            <Text className="join__label">地点</Text>
            <Input
              className="join__input"
              name="event-place"
              value={event.place}
              placeholder="如：卢沟桥文化广场"
              onInput={(e) => change('place', e.detail.value)}
            />
            <FieldError messages={form.errors['event.place']} />
          </View>
        )}
        <View className="join__check" onClick={() => setAutoApprove(!autoApprove)}>
          <Text>{autoApprove ? '☑' : '☐'} 扫码即入会（自动审核通过）</Text>
        </View>
        <Button className="big-button" disabled={busy !== null} onClick={create}>
          {busy ? '正在生成…' : '生成二维码'}
        </Button>
        <ActionError message={problemOf('create')} />
      </View>
      {codes.error ? <ErrorState message={codes.error.message} onRetry={reload} /> : null}
      {codes.loading && codes.items.length === 0 ? <Loading /> : null}
      {!codes.loading && !codes.error && codes.items.length === 0 ? <EmptyState title="还没有入会码" /> : null}
      {codes.items.map((code) => (
        <View key={code.id} className="card" data-code={code.id}>
          <Text className="card__title">{code.event?.title ?? code.orgName}</Text>
          <Text className="muted">
            {code.event ? `${beijingDay(code.event.date)} · ${code.event.place}` : '常用入会码'}
            {code.revoked ? ' · 已停用' : ''}
          </Text>
          <Figures figures={code.figures} />
          <Button
            className="big-button big-button--ghost"
            onClick={() => Taro.navigateTo({ url: `/staff/pages/poster/index?token=${code.token}` })}
          >
            打开海报
          </Button>
        </View>
      ))}
      <PagesFooter pages={codes} />
    </View>
  );
}

function Figures({ figures: f }: { figures: JoinCodeFigures }) {
  const max = Math.max(1, ...f.byHour.map((h) => h.joins));
  return (
    <View className="figures">
      <View className="figures__row">
        {[
          ['扫码', f.scans],
          ['入会', f.joins],
          ['待审核', f.pending],
          ['已通过', f.approved],
          ['已退回', f.rejected],
          ['申请服务卡', f.cardRequests],
        ].map(([label, n]) => (
          <View key={label} className="figures__cell">
            <Text className="figures__n">{n}</Text>
            <Text className="figures__label">{label}</Text>
          </View>
        ))}
      </View>
      {f.byHour.length ? (
        <View className="figures__chart" aria-label="每小时入会人数">
          {f.byHour.map((h) => (
            <View key={h.hour} className="figures__bar-wrap">
              <Text className="figures__bar-n">{h.joins}</Text>
              <View className="figures__bar" style={{ height: `${Math.round((h.joins / max) * 160)}px` }} />
              <Text className="figures__bar-label">{h.hour.slice(11, 13)}时</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
