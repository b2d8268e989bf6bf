import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import {
  EventEdit,
  EventKind,
  eventKindLabel,
  eventStatusLabel,
  MAX_EVENT_DAYS,
  NewEvent,
  standardServices,
  type EventStatus,
  type OutreachEvent,
  type StandardServiceKey,
} from '@shared/schemas/outreach';
import { beijingClock, beijingDate, beijingDay, fromBeijing } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';
import { useAction } from '../../lib/use-action';
import { useFieldErrors, type FieldErrors } from '../../lib/use-field-errors';
import { Choices } from '../../components/choices';
import { ActionError, FieldError } from '../../components/field-error';
import { ScopeOrgPicker } from './scope-orgs';
import './outreach.css';

const weapp = process.env.TARO_ENV === 'weapp';
const kindChoices = EventKind.options.map((k) => ({ value: k, label: eventKindLabel[k] }));
const standardKeys = Object.keys(standardServices) as StandardServiceKey[];
const isStandard = (key: string): key is StandardServiceKey => key in standardServices;

/** A Beijing date and time as the pickers hold them: "2026-11-29" and "12:00". */
type Picked = { date: string; time: string };
/** A service as the form holds it: a standard one by key or a custom one by name; places as typed. */
type ServiceDraft = { key?: StandardServiceKey; name?: string; capacity: string };

interface Draft {
  kind: EventKind;
  hostOrgId: string;
  name: string;
  place: string;
  lat: string;
  lng: string;
  startsAt: Picked;
  endsAt: Picked;
  services: ServiceDraft[];
  status: EventStatus;
}

const emptyDraft = (hostOrgId: string): Draft => {
  const tomorrow = beijingDate(new Date(Date.now() + 86_400_000));
  return {
    kind: 'worker',
    hostOrgId,
    name: '',
    place: '',
    lat: '',
    lng: '',
    startsAt: { date: tomorrow, time: '09:00' },
    endsAt: { date: tomorrow, time: '12:00' },
    services: [],
    status: 'planned',
  };
};

const draftOf = (e: OutreachEvent): Draft => ({
  kind: e.kind,
  hostOrgId: e.hostOrgId,
  name: e.name,
  place: e.place,
  lat: String(e.location.lat),
  lng: String(e.location.lng),
  startsAt: { date: beijingDate(e.startsAt), time: beijingClock(e.startsAt) },
  endsAt: { date: beijingDate(e.endsAt), time: beijingClock(e.endsAt) },
  services: e.services.map((s) => ({
    ...(isStandard(s.key) ? { key: s.key } : { name: s.name }),
    capacity: s.capacity === undefined ? '' : String(s.capacity),
  })),
  status: e.status,
});

const serviceName = (s: ServiceDraft) => (s.key ? standardServices[s.key] : (s.name ?? ''));

/**
 * What is wrong with the two times together, worded as the schema words it (shared/schemas/outreach
 * `checked`); null when nothing is, or a time is not picked yet (that is its own field's message).
 */
function timesProblem(start: Picked, end: Picked): string | null {
  const startsAt = fromBeijing(start.date, start.time);
  const endsAt = fromBeijing(end.date, end.time);
  if (!startsAt || !endsAt) return null;
  if (!(startsAt < endsAt)) return '结束时间须晚于开始时间';
  if (Date.parse(endsAt) - Date.parse(startsAt) > MAX_EVENT_DAYS * 86_400_000) return `一场沟通会最长 ${MAX_EVENT_DAYS} 天`;
  return null;
}

const FIELDS = ['kind', 'hostOrgId', 'name', 'place', 'location', 'startsAt', 'endsAt', 'services', 'status', 'staffIds'];
const isFieldKey = (key: string) => FIELDS.some((f) => key === f || key.startsWith(`${f}.`));

/**
 * The body the API takes, checked with the schema the server uses, so problems show beside their
 * fields before anything is sent; keyed as the API keys them (`services.2.capacity`).
 */
function toBody(
  draft: Draft,
  extra: { clientRequestId: string } | { status: EventStatus; staffIds: string[] },
): { errors: FieldErrors } | { body: NewEvent | EventEdit } {
  const errors: FieldErrors = {};
  const startsAt = fromBeijing(draft.startsAt.date, draft.startsAt.time);
  const endsAt = fromBeijing(draft.endsAt.date, draft.endsAt.time);
  if (!startsAt) errors.startsAt = ['请选择开始日期和时间'];
  if (!endsAt) errors.endsAt = ['请选择结束日期和时间'];
  if (!draft.lat.trim() || !draft.lng.trim() || !Number.isFinite(Number(draft.lat)) || !Number.isFinite(Number(draft.lng))) {
    errors.location = [weapp ? '请在地图上选择沟通会的位置' : '请填写沟通会位置的经纬度'];
  }
  const services = draft.services.map((s, i) => {
    const places = s.capacity.trim();
    if (places && !/^\d+$/.test(places)) errors[`services.${i}.capacity`] = ['名额须为整数，不限名额请留空'];
    return { ...(s.key ? { key: s.key } : { name: s.name }), ...(places ? { capacity: Number(places) } : {}) };
  });
  const fields = {
    kind: draft.kind,
    name: draft.name,
    place: draft.place,
    location: { lat: Number(draft.lat), lng: Number(draft.lng) },
    startsAt: startsAt ?? '',
    endsAt: endsAt ?? '',
    services,
  };
  const parsed =
    'clientRequestId' in extra
      ? NewEvent.safeParse({ ...fields, hostOrgId: draft.hostOrgId, staffIds: [], ...extra })
      : EventEdit.safeParse({ ...fields, ...extra });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      // a time not picked is said once, not again as "时间格式不正确"
      if (!errors[key] && !(key.startsWith('location') && errors.location)) errors[key] = [issue.message];
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { body: parsed.data };
}

type CreateProps = { actingOrgId: string; onCreated: (event: OutreachEvent) => void };
type EditProps = { event: OutreachEvent; onSaved: (event: OutreachEvent) => void };

/**
 * Staff: a new 沟通会 for an org of their scope, or (given `event`) the same fields to correct one,
 * with its status and 结束沟通会 (confirmed: the stalls stop taking actions). A create keeps its
 * request id across retries: a timeout tapped again makes one event, not two.
 */
export function EventForm(props: CreateProps | EditProps) {
  const editing = 'event' in props ? props.event : null;
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing) : emptyDraft((props as CreateProps).actingOrgId)));
  const [custom, setCustom] = useState('');
  const [requestId] = useState(newRequestId);
  const form = useFieldErrors(isFieldKey);
  const { busy, problemOf, run } = useAction(form);
  const errorsOf = (prefix: string) => Object.entries(form.errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

  const change = <K extends keyof Draft>(key: K, value: Draft[K], clears: string = key) => {
    setDraft((d) => ({ ...d, [key]: value }));
    form.clear(clears);
  };
  // a time clears its own message; the end's message is about both times, so either may clear it, but
  // only once it no longer holds (an end still before the start keeps 结束时间须晚于开始时间)
  const pick = (key: 'startsAt' | 'endsAt', part: keyof Picked, value: string) => {
    const picked = { ...draft[key], [part]: value };
    const times = { startsAt: draft.startsAt, endsAt: draft.endsAt, [key]: picked };
    const shown = form.errors.endsAt?.[0];
    const holds = shown !== undefined && shown === timesProblem(times.startsAt, times.endsAt);
    setDraft((d) => ({ ...d, [key]: picked }));
    form.clear(...(key === 'startsAt' ? ['startsAt'] : []), ...(holds ? [] : ['endsAt']));
  };
  const setServices = (services: ServiceDraft[]) => change('services', services);
  const toggleStandard = (key: StandardServiceKey) =>
    setServices(
      draft.services.some((s) => s.key === key) ? draft.services.filter((s) => s.key !== key) : [...draft.services, { key, capacity: '' }],
    );
  const addCustom = () => {
    const name = custom.trim();
    if (!name) return form.show({ services: ['请填写自定义服务的名称'] });
    if (draft.services.some((s) => serviceName(s) === name)) return form.show({ services: [`“${name}”已在服务项目中`] });
    setServices([...draft.services, { name, capacity: '' }]);
    setCustom('');
  };

  const pickOnMap = async () => {
    try {
      const here = draft.lat && draft.lng ? { latitude: Number(draft.lat), longitude: Number(draft.lng) } : {};
      const reply = await Taro.chooseLocation(here);
      if (typeof reply?.latitude !== 'number') return;
      // WeChat's map answers in GCJ-02, the system events are stored in
      setDraft((d) => ({ ...d, lat: String(reply.latitude), lng: String(reply.longitude), place: d.place || reply.name || '' }));
      form.clear('location', 'place');
    } catch {
      /* closed the map */
    }
  };

  const save = (status?: EventStatus) => {
    const checked = editing
      ? toBody(draft, { status: status ?? draft.status, staffIds: editing.staffIds })
      : toBody(draft, { clientRequestId: requestId });
    if ('errors' in checked) return form.show(checked.errors);
    form.reset();
    return run(status === 'closed' ? 'close' : 'save', async () => {
      if (editing && 'event' in props) {
        const saved = await api.updateEvent({ params: { eventId: editing.id }, body: checked.body as EventEdit });
        void Taro.showToast({ title: status === 'closed' ? '沟通会已结束' : '已保存', icon: 'success' });
        setDraft(draftOf(saved));
        props.onSaved(saved);
      } else {
        const { event } = await api.createEvent({ body: checked.body as NewEvent });
        void Taro.showToast({ title: '已创建', icon: 'success' });
        (props as CreateProps).onCreated(event);
      }
    });
  };
  const close = async () => {
    const { confirm } = await Taro.showModal({
      title: '结束沟通会',
      content: '结束后各摊位不能再登记、签到和计数。请先确认摊位手机上的操作都已同步。',
      confirmText: '结束',
      confirmColor: '#c8102e',
    });
    if (confirm) await save('closed');
  };

  const text = (key: 'name' | 'place', label: string, placeholder: string) => (
    <View>
      <Text className="join__label">{label}</Text>
      <Input
        className="join__input"
        name={`event-${key}`}
        value={draft[key]}
        placeholder={placeholder}
        onInput={(e) => change(key, e.detail.value)}
      />
      <FieldError messages={form.errors[key]} />
    </View>
  );
  const timeField = (key: 'startsAt' | 'endsAt', label: string) => {
    const { date, time } = draft[key];
    return (
      <View>
        <Text className="join__label">{label}</Text>
        <View className="event-form__pair">
          <Picker
            className="event-form__pair-item"
            mode="date"
            name={`event-${key}-date`}
            value={date}
            onChange={(e) => pick(key, 'date', String(e.detail.value))}
          >
            <View className="join__input event-form__picked event-form__pair-gap">
              {/^\d{4}-\d{2}-\d{2}$/.test(date) ? beijingDay(date) : '选择日期'}
            </View>
          </Picker>
          <Picker
            className="event-form__pair-time"
            mode="time"
            name={`event-${key}-time`}
            value={time}
            onChange={(e) => pick(key, 'time', String(e.detail.value))}
          >
            <View className="join__input event-form__picked">{time || '时间'}</View>
          </Picker>
        </View>
        <FieldError messages={form.errors[key]} />
      </View>
    );
  };

  const serviceProblems = Object.entries(form.errors)
    .filter(([k]) => k === 'services' || /^services\.\d+\.(name|key)$/.test(k))
    .flatMap(([, m]) => m);
  const statusChoices = (['planned', 'open', ...(draft.status === 'closed' ? ['closed' as const] : [])] as EventStatus[]).map((s) => ({
    value: s,
    label: eventStatusLabel[s],
  }));

  return (
    <View className={`card ${form.scope}`}>
      <Text className="card__title">{editing ? '修改沟通会' : '新建沟通会'}</Text>
      <Text className="join__label">类型</Text>
      <Choices options={kindChoices} value={draft.kind} onChange={(k) => k && change('kind', k)} />
      <FieldError messages={form.errors.kind} />

      <Text className="join__label">主办组织</Text>
      {editing ? (
        <Text className="muted">{editing.hostOrgName}</Text>
      ) : (
        <ScopeOrgPicker name="event-host" value={draft.hostOrgId} onChange={(id) => change('hostOrgId', id)} />
      )}
      <FieldError messages={form.errors.hostOrgId} />

      {text('name', '名称', '如：卢沟桥街道新就业形态劳动者沟通会')}
      {text('place', '地点', '如：卢沟桥文化广场东侧')}
      <Text className="join__label">位置</Text>
      {weapp ? (
        <Button className="big-button big-button--ghost" onClick={pickOnMap}>
          {draft.lat && draft.lng ? `已选：${Number(draft.lat).toFixed(5)}, ${Number(draft.lng).toFixed(5)}（点此重新选）` : '在地图上选点'}
        </Button>
      ) : (
        <View className="event-form__pair">
          <View className="event-form__pair-item event-form__pair-gap">
            <Input
              className="join__input"
              name="event-lat"
              type="digit"
              value={draft.lat}
              placeholder="纬度 39.8605"
              onInput={(e) => change('lat', e.detail.value, 'location')}
            />
          </View>
          <View className="event-form__pair-item">
            <Input
              className="join__input"
              name="event-lng"
              type="digit"
              value={draft.lng}
              placeholder="经度 116.2541"
              onInput={(e) => change('lng', e.detail.value, 'location')}
            />
          </View>
        </View>
      )}
      <FieldError messages={errorsOf('location')} />

      <Text className="muted">以下时间均为北京时间</Text>
      {timeField('startsAt', '开始时间')}
      {timeField('endsAt', '结束时间')}

      <Text className="join__label">提供的服务</Text>
      <View className="choices">
        {standardKeys.map((key) => {
          const on = draft.services.some((s) => s.key === key);
          return (
            <View key={key} className={on ? 'choice choice--on' : 'choice'} onClick={() => toggleStandard(key)}>
              <Text>{standardServices[key]}</Text>
            </View>
          );
        })}
      </View>
      <View className="event-form__custom">
        <Input
          className="join__input event-form__custom-input"
          name="event-custom-service"
          value={custom}
          maxlength={20}
          placeholder="其他服务，如贴膜"
          onInput={(e) => {
            setCustom(e.detail.value);
            form.clear('services');
          }}
          onConfirm={addCustom}
        />
        <Button className="big-button big-button--ghost event-form__add" onClick={addCustom}>
          添加
        </Button>
      </View>
      <FieldError messages={serviceProblems} />
      {draft.services.length > 0 ? <Text className="muted">名额选填：限量的服务（如理发）填写名额，不限名额请留空</Text> : null}
      {draft.services.map((s, i) => (
        <View key={s.key ?? `name:${s.name}`} data-service={s.key ?? s.name}>
          <View className="event-form__service">
            <Text className="event-form__service-name">{serviceName(s)}</Text>
            <View className="event-form__service-places">
              <Input
                className="join__input event-form__capacity"
                name={`event-capacity-${i}`}
                type="number"
                value={s.capacity}
                placeholder="名额"
                onInput={(e) => {
                  setDraft((d) => ({ ...d, services: d.services.map((x, j) => (j === i ? { ...x, capacity: e.detail.value } : x)) }));
                  form.clear(`services.${i}.capacity`);
                }}
              />
              <View className="event-form__remove" role="button" onClick={() => setServices(draft.services.filter((_, j) => j !== i))}>
                <Text>移除</Text>
              </View>
            </View>
          </View>
          <FieldError messages={form.errors[`services.${i}.capacity`]} />
        </View>
      ))}

      {editing ? (
        <View>
          <Text className="join__label">状态</Text>
          <Choices options={statusChoices} value={draft.status} onChange={(s) => s && change('status', s)} />
          <FieldError messages={form.errors.status} />
        </View>
      ) : null}

      <Button className="big-button event-form__save" disabled={busy !== null} onClick={() => save()}>
        {busy === 'save' ? '正在保存…' : editing ? '保存修改' : '创建沟通会'}
      </Button>
      <ActionError message={form.others[0] ?? problemOf('save')} />
      {editing && editing.status !== 'closed' ? (
        <View>
          <Button className="big-button big-button--ghost event-form__end" disabled={busy !== null} onClick={close}>
            {busy === 'close' ? '正在结束…' : '结束沟通会'}
          </Button>
          <ActionError message={problemOf('close')} />
        </View>
      ) : null}
    </View>
  );
}
