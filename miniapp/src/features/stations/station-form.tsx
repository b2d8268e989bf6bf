import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import {
  amenities,
  StationInput,
  StationKind,
  stationKindLabel,
  type Amenity,
  type Interval,
  type Station,
  type StationStatus,
} from '@shared/schemas/station';
import { toGcj02 } from '@shared/geo';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors, type FieldErrors } from '../../lib/use-field-errors';
import { Choices } from '../../components/choices';
import { ActionError, FieldError } from '../../components/field-error';
import { currentPosition } from './location';
import './station-edit.css';

const DAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const kindChoices = StationKind.options.map((k) => ({ value: k, label: stationKindLabel[k] }));
const statusChoices: { value: StationStatus; label: string }[] = [
  { value: 'open', label: '开放' },
  { value: 'temporarily-closed', label: '暂停开放' },
];
type Coord = 'gcj02' | 'wgs84';
const coordChoices: { value: Coord; label: string }[] = [
  { value: 'gcj02', label: 'GCJ-02（高德、腾讯、微信地图）' },
  { value: 'wgs84', label: 'WGS-84（GPS、手机定位）' },
];
const weapp = process.env.TARO_ENV === 'weapp';

/** What the form holds: text as typed; coordinates as typed in the chosen system. */
export interface StationDraft {
  name: string;
  address: string;
  kind: StationKind;
  lat: string;
  lng: string;
  coord: Coord;
  amenities: Amenity[];
  allDay: boolean;
  weekly: Interval[][];
  holidayNote: string;
  managerPhone: string;
  status: StationStatus;
}

export const emptyStationDraft = (): StationDraft => ({
  name: '',
  address: '',
  kind: 'union-station',
  lat: '',
  lng: '',
  coord: 'gcj02',
  amenities: [],
  allDay: false,
  weekly: DAYS.map(() => [{ open: '08:00', close: '20:00' }]),
  holidayNote: '',
  managerPhone: '',
  status: 'open',
});

export const draftOf = (s: Station): StationDraft => ({
  name: s.name,
  address: s.address,
  kind: s.kind,
  lat: String(s.location.lat),
  lng: String(s.location.lng),
  coord: 'gcj02',
  amenities: s.amenities,
  allDay: s.hours.allDay,
  weekly: s.hours.weekly.length === 7 ? s.hours.weekly : DAYS.map(() => []),
  holidayNote: s.hours.holidayNote ?? '',
  managerPhone: s.managerPhone ?? '',
  status: s.status,
});

/**
 * The body the API takes, checked with the same schema the server uses; coordinates typed in
 * WGS-84 are converted to GCJ-02 (the one system stations are stored in). Field errors are keyed
 * as the API keys them (`location.lat`, `hours.weekly.2.0.close`).
 */
export function toStationInput(
  draft: StationDraft,
  keep: Pick<StationInput, 'orgId' | 'photos' | 'honours'> & Partial<StationInput>,
): { body: StationInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const number = (text: string, key: string, missing: string) => {
    const value = Number(text.trim());
    if (!text.trim() || !Number.isFinite(value)) errors[key] = [missing];
    return value;
  };
  let lat = number(draft.lat, 'location.lat', '请填写纬度（如 39.8605）');
  let lng = number(draft.lng, 'location.lng', '请填写经度（如 116.2541）');
  if (draft.coord === 'wgs84' && Number.isFinite(lat) && Number.isFinite(lng)) ({ lat, lng } = toGcj02(lat, lng, 'wgs84'));
  const parsed = StationInput.safeParse({
    externalId: keep.externalId,
    verifiedOn: keep.verifiedOn,
    orgId: keep.orgId,
    photos: keep.photos,
    honours: keep.honours,
    name: draft.name,
    address: draft.address,
    kind: draft.kind,
    location: { lat, lng },
    amenities: draft.amenities,
    hours: { allDay: draft.allDay, weekly: draft.weekly, ...(draft.holidayNote.trim() ? { holidayNote: draft.holidayNote } : {}) },
    ...(draft.managerPhone.trim() ? { managerPhone: draft.managerPhone.trim() } : {}),
    status: draft.status,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      if (!errors[key]) errors[key] = [issue.message];
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { body: parsed.data };
}

const FIELD_KEYS = ['name', 'address', 'kind', 'location', 'amenities', 'hours', 'managerPhone', 'status', 'orgId'];
const isFieldKey = (key: string) => FIELD_KEYS.some((f) => key === f || key.startsWith(`${f}.`));

type Props = {
  /** the station being edited; absent: a new one for `orgId` */
  station?: Station;
  orgId: string;
  onSaved: (saved: Station) => void;
};

/** Staff create or edit a station: every field but the photos (which have their own uploads). */
export function StationForm({ station, orgId, onSaved }: Props) {
  const [draft, setDraft] = useState<StationDraft>(() => (station ? draftOf(station) : emptyStationDraft()));
  const form = useFieldErrors(isFieldKey);
  const { busy, problemOf, run } = useAction(form);
  const errorsOf = (prefix: string) => Object.entries(form.errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

  const change = <K extends keyof StationDraft>(key: K, value: StationDraft[K], clears: string = key) => {
    setDraft((d) => ({ ...d, [key]: value }));
    form.clear(clears);
  };
  const setDay = (day: number, intervals: Interval[]) =>
    change(
      'weekly',
      draft.weekly.map((d, i) => (i === day ? intervals : d)),
      'hours',
    );

  const pickOnMap = async () => {
    try {
      const lat = Number(draft.lat);
      const lng = Number(draft.lng);
      const reply = await Taro.chooseLocation(draft.lat && draft.lng ? { latitude: lat, longitude: lng } : {});
      if (typeof reply?.latitude !== 'number') return;
      setDraft((d) => ({
        ...d,
        lat: String(reply.latitude),
        lng: String(reply.longitude),
        coord: 'gcj02', // WeChat's map answers in GCJ-02
        address: d.address || reply.address || d.address,
      }));
      form.clear('location');
    } catch {
      /* closed the map */
    }
  };
  const useHere = () =>
    run('here', async () => {
      const p = await currentPosition();
      setDraft((d) => ({ ...d, lat: p.lat.toFixed(6), lng: p.lng.toFixed(6), coord: p.coord }));
      form.clear('location');
    });

  const save = () => {
    const checked = toStationInput(draft, {
      orgId: station?.orgId ?? orgId,
      photos: station?.photos ?? [],
      honours: station?.honours ?? [],
      externalId: station?.externalId,
      verifiedOn: station?.verifiedOn,
    });
    if ('errors' in checked) return form.show(checked.errors);
    form.reset();
    return run('save', async () => {
      const saved = station
        ? await api.updateStation({ params: { stationId: station.id }, body: checked.body })
        : await api.createStation({ body: checked.body });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      onSaved(saved);
    });
  };

  const text = (key: 'name' | 'address' | 'managerPhone' | 'holidayNote', label: string, placeholder: string, errorKey: string = key) => (
    <View>
      <Text className="join__label">{label}</Text>
      <Input
        className="join__input"
        name={`station-${key}`}
        value={draft[key]}
        placeholder={placeholder}
        onInput={(e) => change(key, e.detail.value, errorKey)}
      />
      <FieldError messages={form.errors[errorKey]} />
    </View>
  );

  return (
    <View className={`card station-form ${form.scope}`}>
      <Text className="card__title">{station ? '编辑驿站' : '新建驿站'}</Text>
      {text('name', '驿站名称', '如：卢沟桥社区工会驿站')}
      {text('address', '地址', '如：北京市丰台区卢沟桥南里 12 号')}
      <Text className="join__label">类型</Text>
      <Choices options={kindChoices} value={draft.kind} onChange={(k) => k && change('kind', k)} />
      <FieldError messages={form.errors.kind} />

      <Text className="join__label">位置</Text>
      {weapp ? (
        <Button className="big-button big-button--ghost" onClick={pickOnMap}>
          {draft.lat && draft.lng ? `已选：${draft.lat}, ${draft.lng}（点此重新选）` : '在地图上选点'}
        </Button>
      ) : (
        <View>
          <Text className="muted">坐标系</Text>
          <Choices options={coordChoices} value={draft.coord} onChange={(c) => c && change('coord', c, 'location')} />
          <View className="station-form__coords">
            <View className="station-form__coord">
              <Text className="join__label">纬度</Text>
              <Input
                className="join__input"
                name="station-lat"
                type="digit"
                value={draft.lat}
                placeholder="39.8605"
                onInput={(e) => change('lat', e.detail.value, 'location.lat')}
              />
            </View>
            <View className="station-form__coord">
              <Text className="join__label">经度</Text>
              <Input
                className="join__input"
                name="station-lng"
                type="digit"
                value={draft.lng}
                placeholder="116.2541"
                onInput={(e) => change('lng', e.detail.value, 'location.lng')}
              />
            </View>
          </View>
          <Button className="big-button big-button--ghost" disabled={busy !== null} onClick={useHere}>
            用我现在的位置
          </Button>
          <ActionError message={problemOf('here') ? '没能取得位置，请手动填写坐标' : null} />
        </View>
      )}
      <FieldError messages={errorsOf('location')} />

      <Text className="join__label">设施</Text>
      <Text className="muted">职工按设施找驿站（如热水、充电），请选上这里有的；没有可以不选。</Text>
      <View className="choices">
        {(Object.keys(amenities) as Amenity[]).map((a) => {
          const on = draft.amenities.includes(a);
          return (
            <View
              key={a}
              className={on ? 'choice choice--on' : 'choice'}
              onClick={() => change('amenities', on ? draft.amenities.filter((x) => x !== a) : [...draft.amenities, a])}
            >
              <Text>{amenities[a].label}</Text>
            </View>
          );
        })}
      </View>
      <FieldError messages={errorsOf('amenities')} />

      <Text className="join__label">开放时间</Text>
      <Choices
        options={[
          { value: false, label: '按时段开放' },
          { value: true, label: '24 小时开放' },
        ]}
        value={draft.allDay}
        onChange={(v) => v !== undefined && change('allDay', v, 'hours')}
      />
      {draft.allDay ? null : (
        <View className="week-hours">
          {DAYS.map((day, i) => {
            const first = draft.weekly[i]?.[0];
            const more = (draft.weekly[i]?.length ?? 0) - 1;
            return (
              <View key={day} className="week-hours__row">
                <Text className="week-hours__day">{day}</Text>
                {first ? (
                  <View className="week-hours__times">
                    <Picker
                      mode="time"
                      name={`station-hours-${i}-open`}
                      value={first.open}
                      onChange={(e) => setDay(i, [{ ...first, open: String(e.detail.value) }, ...draft.weekly[i]!.slice(1)])}
                    >
                      <View className="join__input week-hours__time">{first.open}</View>
                    </Picker>
                    <Text>至</Text>
                    <Picker
                      mode="time"
                      name={`station-hours-${i}-close`}
                      value={first.close}
                      onChange={(e) => setDay(i, [{ ...first, close: String(e.detail.value) }, ...draft.weekly[i]!.slice(1)])}
                    >
                      <View className="join__input week-hours__time">{first.close}</View>
                    </Picker>
                    {more > 0 ? <Text className="muted">另有 {more} 个时段</Text> : null}
                  </View>
                ) : (
                  <Text className="muted week-hours__times">休息</Text>
                )}
                <Button className="week-hours__toggle" onClick={() => setDay(i, first ? [] : [{ open: '08:00', close: '20:00' }])}>
                  {first ? `${day}休息` : `${day}开放`}
                </Button>
              </View>
            );
          })}
          <Button
            className="big-button big-button--ghost"
            onClick={() =>
              change(
                'weekly',
                DAYS.map(() => draft.weekly[0] ?? []),
                'hours',
              )
            }
          >
            每天都和周一相同
          </Button>
        </View>
      )}
      <FieldError messages={errorsOf('hours')} />
      {text('holidayNote', '节假日说明（选填）', '如：春节期间另行通知', 'hours.holidayNote')}
      {text('managerPhone', '联系电话（选填）', '手机号或座机，如 010-61234567')}
      <Text className="join__label">状态</Text>
      <Choices options={statusChoices} value={draft.status} onChange={(s) => s && change('status', s)} />

      <Button className="big-button" disabled={busy !== null} onClick={save}>
        {busy === 'save' ? '正在保存…' : '保存驿站'}
      </Button>
      <ActionError message={problemOf('save')} />
      {form.others.length ? <ActionError message={form.others[0]} /> : null}
    </View>
  );
}
