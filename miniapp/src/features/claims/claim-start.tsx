import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Picker, Text, View } from '@tarojs/components';
import { CLAIM_CONSENT_VERSION, type ClaimStart } from '@shared/schemas/claim';
import { addDays, beijingDate, beijingDay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { useRequest } from '../../lib/use-request';
import { ActionError, FieldError } from '../../components/field-error';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { careUrls } from './urls';
import './claims.css';

/**
 * The earliest event day a claim may name, and why it is that day: the deadline (today − deadlineDays),
 * the day the plan starts, or the day the member enrolled — whichever is latest (the server refuses
 * earlier days the same way).
 */
export function earliestEventDay(
  s: Pick<ClaimStart, 'rules' | 'planStartsOn' | 'enrolledOn'>,
  today: string,
): { day: string; tooEarly: string } {
  const byDeadline = addDays(today, -s.rules.deadlineDays);
  let bound = { day: byDeadline, tooEarly: `事发已超过 ${s.rules.deadlineDays} 天的申请期限` };
  if (s.planStartsOn && s.planStartsOn > bound.day)
    bound = { day: s.planStartsOn, tooEarly: `事发日期早于本计划开始的日期（${beijingDay(s.planStartsOn)}），不能申请理赔` };
  if (s.enrolledOn && s.enrolledOn > bound.day)
    bound = { day: s.enrolledOn, tooEarly: `事发日期早于您参加本计划的日期（${beijingDay(s.enrolledOn)}），不能申请理赔` };
  return bound;
}

/** Back where the member came from; opened straight from a link there is nothing behind: the 活动 tab. */
export function goBack() {
  void Promise.resolve()
    .then(() => Taro.navigateBack())
    .catch(() => Taro.switchTab({ url: '/pages/activities/index' }));
}

/**
 * 申请理赔: the plan's health-data consent first (its own text and checkbox, not the app's privacy
 * consent: PIPL wants a separate one for sensitive data), then the event the plan pays for and the
 * day it happened, then 开始申请 makes the draft and opens it. Someone the plan does not cover reads
 * why and goes no further.
 */
export function ClaimStartScreen({ activityId }: { activityId: string }) {
  const start = useRequest(() => api.getClaimStart({ params: { activityId } }), [activityId]);
  const [agreed, setAgreed] = useState(false);
  const [consented, setConsented] = useState(false);

  if (start.error && !start.data) return <ErrorState message={start.error.message} onRetry={start.reload} />;
  if (!start.data) return <Loading text="正在加载理赔须知…" />;
  const s = start.data;
  if (!s.eligible)
    return (
      <View className="page">
        <EmptyState icon="!" title="暂不能申请理赔" hint={s.whyNot ?? '您不在这个互助保障计划的保障范围内'} />
        <Button className="big-button big-button--ghost" onClick={goBack}>
          返回
        </Button>
      </View>
    );
  if (!consented)
    return (
      <View className="page">
        <View className="page-header">
          <Text className="page-header__title">{s.planTitle}</Text>
          <Text className="page-header__sub">申请理赔前，请阅读健康信息的使用说明</Text>
        </View>
        <View className="card claim-consent" data-consent>
          <Text className="card__title">健康信息使用说明</Text>
          {s.consentText.map((paragraph) => (
            <Text key={paragraph} className="claim-consent__text">
              {paragraph}
            </Text>
          ))}
          <View
            className={agreed ? 'claim-consent__check claim-consent__check--on' : 'claim-consent__check'}
            role="checkbox"
            aria-checked={agreed}
            onClick={() => setAgreed(!agreed)}
          >
            <Text className="claim-consent__box">{agreed ? '✓' : ''}</Text>
            <Text className="claim-consent__label">我已阅读并同意</Text>
          </View>
          <Button className="big-button claim-consent__agree" disabled={!agreed} onClick={() => setConsented(true)}>
            同意并继续
          </Button>
          <Button className="big-button big-button--ghost claim-consent__decline" onClick={goBack}>
            不同意
          </Button>
        </View>
      </View>
    );
  return <EventStep start={s} />;
}

/** After the consent: which event (big choices), its day (not after today, within the deadline), 开始申请. */
function EventStep({ start: s }: { start: ClaimStart }) {
  const today = beijingDate(new Date());
  const { day: earliest, tooEarly } = earliestEventDay(s, today);
  // a plan that starts after today covers nothing yet: no day to pick
  const notYet = earliest > today;
  // the plan's start or the member's enrolment, not the deadline, is the first day to pick: said
  const bounded = earliest > addDays(today, -s.rules.deadlineDays);
  const [event, setEvent] = useState<string | undefined>(s.rules.events.length === 1 ? s.rules.events[0]!.code : undefined);
  const [eventDate, setEventDate] = useState<string | undefined>();
  const form = useFieldErrors((key) => key === 'event' || key === 'eventDate');
  const { busy, problemOf, run } = useAction(form);
  // one id per event and day: a double tap or a retry after a timeout gets the same draft back
  const requestId = useRef(newRequestId());
  const chosen = s.rules.events.find((e) => e.code === event);

  const begin = () => {
    const problems: Record<string, string[]> = {};
    if (!event) problems.event = ['请选择理赔事项'];
    if (!eventDate) problems.eventDate = ['请选择事发日期'];
    else if (eventDate > today) problems.eventDate = ['事发日期不能晚于今天'];
    else if (eventDate < earliest) problems.eventDate = [tooEarly];
    if (Object.keys(problems).length > 0) return form.show(problems);
    form.reset();
    return run('start', async () => {
      const { claim } = await api.startClaim({
        body: {
          activityId: s.activityId,
          event: event!,
          eventDate: eventDate!,
          consentVersion: CLAIM_CONSENT_VERSION,
          clientRequestId: requestId.current,
        },
      });
      void Taro.showToast({ title: '已开始申请', icon: 'success' });
      void Taro.redirectTo({ url: careUrls.claim(claim.id) });
    });
  };

  return (
    <View className={`page ${form.scope}`}>
      <View className="page-header">
        <Text className="page-header__title">{s.planTitle}</Text>
        <Text className="page-header__sub">选择理赔事项和事发日期，然后按清单拍照提交材料</Text>
      </View>
      <View className="card" data-field="event">
        <Text className="card__title">理赔事项</Text>
        <View className="claim-events">
          {s.rules.events.map((e) => (
            <View
              key={e.code}
              className={e.code === event ? 'claim-event claim-event--on' : 'claim-event'}
              role="radio"
              aria-checked={e.code === event}
              onClick={() => {
                if (e.code !== event) requestId.current = newRequestId();
                setEvent(e.code);
                form.clear('event');
              }}
            >
              <Text className="claim-event__label">{e.label}</Text>
              <Text className="claim-event__count">{`需 ${e.items.filter((i) => i.required).length} 项必交材料`}</Text>
            </View>
          ))}
        </View>
        <FieldError messages={form.errors.event} />
      </View>
      <View className="card" data-field="eventDate">
        <Text className="card__title">事发日期</Text>
        <Text className="muted claim-hint">
          {`确诊、出事或入院的那一天。事发 ${s.rules.deadlineDays} 天内可以申请${bounded ? `，最早可选 ${beijingDay(earliest)}` : ''}。`}
        </Text>
        {notYet ? (
          <Text className="field-error">{`本计划 ${beijingDay(earliest)} 起保障，之后发生的事项才能申请理赔`}</Text>
        ) : (
          <Picker
            mode="date"
            value={eventDate ?? today}
            start={earliest}
            end={today}
            onChange={(e) => {
              const day = String(e.detail.value);
              if (day !== eventDate) requestId.current = newRequestId();
              setEventDate(day);
              form.clear('eventDate');
            }}
          >
            <View className="claim-date">
              <Text className={eventDate ? 'claim-date__value' : 'claim-date__value muted'}>
                {eventDate ? beijingDay(eventDate) : '请选择日期'}
              </Text>
              <Text className="claim-date__arrow">›</Text>
            </View>
          </Picker>
        )}
        {eventDate && eventDate <= today && eventDate >= earliest ? (
          <Text className="claim-deadline">{`申请期限：最晚 ${beijingDay(addDays(eventDate, s.rules.deadlineDays))} 申请`}</Text>
        ) : null}
        <FieldError messages={form.errors.eventDate} />
      </View>
      {chosen ? (
        <View className="card" data-checklist>
          <Text className="card__title">需要准备的材料</Text>
          {chosen.items.map((item) => (
            <View key={item.code} className="claim-bring">
              <Text className="claim-bring__label">
                {item.label}
                <Text className={item.required ? 'claim-tag claim-tag--required' : 'claim-tag'}>{item.required ? '必交' : '选交'}</Text>
              </Text>
              {item.hint ? <Text className="muted claim-bring__hint">{item.hint}</Text> : null}
            </View>
          ))}
        </View>
      ) : null}
      <View className="card">
        <Button className="big-button" disabled={busy !== null} onClick={begin}>
          {busy ? '正在开始…' : '开始申请'}
        </Button>
        <ActionError message={problemOf('start')} />
      </View>
    </View>
  );
}
