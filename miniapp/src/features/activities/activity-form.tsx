import { useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import { ActivityCategory, activityCategoryLabel, type Activity } from '@shared/schemas/activity';
import { beijingClock, beijingDate, beijingDay, fromBeijing } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { Choices } from '../../components/choices';
import { ActionError, FieldError } from '../../components/field-error';
import { TextBox } from '../../components/text-box';
import { EventPicker } from '../outreach/event-picker';
import { ActivityRules, defaultRules, rulesFromActivity, rulesToBody, type RulesDraft } from './activity-rules';
import { AllocationFields, allocationFrom, allocationToBody, defaultAllocation, type AllocationDraft } from '../draws/allocation-fields';
import './activities.css';

type Category = (typeof ActivityCategory.options)[number];
const categoryChoices = ActivityCategory.options.map((c) => ({ value: c, label: activityCategoryLabel[c] }));
const DESCRIPTION_MAX = 500;

type TimeKey = 'startsAt' | 'endsAt' | 'signupClosesAt';
/** A Beijing date and time as the pickers hold them: "2026-11-26" and "09:00". */
type Picked = { date: string; time: string };
const picked = (at: string | Date): Picked => ({ date: beijingDate(at), time: beijingClock(at) });

/** What staff fill in, keyed like the API's field errors; times are picked, in Beijing time. */
const emptyDraft = () => {
  const now = Date.now();
  return {
    title: '',
    description: '',
    place: '',
    category: 'service' as Category,
    startsAt: picked(new Date(now + 86_400_000)),
    endsAt: picked(new Date(now + 90_000_000)),
    signupClosesAt: picked(new Date(now + 82_800_000)),
    /** the 沟通会 it is part of (optional) */
    eventId: undefined as string | undefined,
  };
};
type Draft = ReturnType<typeof emptyDraft>;
/** A published activity as the form shows it, to correct it. */
const draftFrom = (a: Activity): Draft => ({
  title: a.title,
  description: a.description,
  place: a.place,
  category: a.category,
  startsAt: picked(a.startsAt),
  endsAt: picked(a.endsAt),
  signupClosesAt: picked(a.signupClosesAt),
  eventId: a.eventId,
});
/** Field errors shown beside their own field; any other key is shown beside the button. */
const fieldKeys = [
  'title',
  'description',
  'place',
  'category',
  'startsAt',
  'endsAt',
  'signupClosesAt',
  'capacity',
  'perMemberLimit',
  'holdMinutes',
  'eventId',
  'allocation',
];
const isFieldKey = (key: string) => fieldKeys.includes(key) || key.startsWith('eligibility.children') || key.startsWith('noShow');
/** which field a change of the rules touches, to clear its message */
const rulesFields = (before: RulesDraft, after: RulesDraft) => [
  ...(before.capacity !== after.capacity || before.unlimited !== after.unlimited ? ['capacity'] : []),
  ...(before.perMemberLimit !== after.perMemberLimit ? ['perMemberLimit'] : []),
  ...(before.holdMinutes !== after.holdMinutes || before.waitlist !== after.waitlist ? ['holdMinutes'] : []),
  ...(before.childcare !== after.childcare || before.minAge !== after.minAge || before.maxAge !== after.maxAge
    ? ['eligibility.children']
    : []),
];

type PublishProps = { orgId: string; onPublished: (published: Activity) => void };
type EditProps = { activity: Activity; onSaved: (saved: Activity) => void; onCancel: () => void };

/**
 * Staff: publish an activity for the org they act for, or (given `activity`) correct one already
 * published: the same fields, except the capacity, which has its own checked route (调整名额).
 */
export function ActivityForm(props: PublishProps | EditProps) {
  const editing = 'activity' in props ? props.activity : null;
  const [draft, setDraft] = useState(() => (editing ? draftFrom(editing) : emptyDraft()));
  const [rules, setRules] = useState(() => (editing ? rulesFromActivity(editing) : defaultRules()));
  const [allocation, setAllocation] = useState<AllocationDraft>(() => (editing ? allocationFrom(editing) : defaultAllocation()));
  const form = useFieldErrors(isFieldKey);
  const { busy, problemOf, run } = useAction(form);

  const change = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    form.clear(key);
  };
  const pick = (key: TimeKey, part: keyof Picked, value: string) => change(key, { ...draft[key], [part]: value });

  const submit = () => {
    const times = {
      startsAt: fromBeijing(draft.startsAt.date, draft.startsAt.time),
      endsAt: fromBeijing(draft.endsAt.date, draft.endsAt.time),
      signupClosesAt: fromBeijing(draft.signupClosesAt.date, draft.signupClosesAt.time),
    };
    const badTimes = Object.entries(times).filter(([, iso]) => !iso);
    if (badTimes.length > 0) return form.show(Object.fromEntries(badTimes.map(([key]) => [key, ['请选择日期和时间']])));
    const checked = rulesToBody(rules);
    if ('errors' in checked) return form.show(checked.errors);
    const allocated = allocationToBody(allocation, editing ? editing.capacity === null : rules.unlimited);
    if ('errors' in allocated) return form.show(allocated.errors);
    // the allocation is fixed once published (editing sends only the draw's no-show rule)
    const { allocation: allocationBody, noShow } = allocated.body;
    const { capacity, ...rulesBody } = checked.body;
    const fields = {
      title: draft.title,
      description: draft.description,
      place: draft.place,
      category: draft.category,
      startsAt: times.startsAt!,
      endsAt: times.endsAt!,
      signupClosesAt: times.signupClosesAt!,
      ...(draft.eventId ? { eventId: draft.eventId } : {}),
      ...rulesBody,
      ...(noShow ? { noShow } : {}),
    };
    form.reset();
    return run('submit', async () => {
      if ('activity' in props) {
        // sign-ups opened when it was published; editing does not reopen them
        const saved = await api.updateActivity({
          params: { activityId: props.activity.id },
          body: {
            ...fields,
            // the rule switched off: removed (absent would keep it)
            ...(props.activity.allocation === 'draw' && props.activity.noShow && !noShow ? { noShow: null } : {}),
            signupOpensAt: props.activity.signupOpensAt,
          },
        });
        props.onSaved(saved);
      } else {
        const published = await api.createActivity({
          body: {
            orgId: props.orgId,
            ...fields,
            capacity,
            ...(allocationBody ? { allocation: allocationBody } : {}),
            signupOpensAt: new Date().toISOString(),
          },
        });
        props.onPublished(published);
      }
    });
  };
  const textField = (key: 'title' | 'place', label: string, placeholder: string) => (
    <View>
      <Text className="join__label">{label}</Text>
      <Input
        className="join__input"
        name={`activity-${key}`}
        value={draft[key]}
        placeholder={placeholder}
        onInput={(e) => change(key, e.detail.value)}
      />
      <FieldError messages={form.errors[key]} />
    </View>
  );
  const timeField = (key: TimeKey, label: string) => {
    const { date, time } = draft[key];
    const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? beijingDay(date) : '选择日期';
    return (
      <View>
        <Text className="join__label">{label}</Text>
        <View className="time-field">
          <Picker
            className="time-field__date"
            mode="date"
            name={`activity-${key}-date`}
            value={date}
            onChange={(e) => pick(key, 'date', String(e.detail.value))}
          >
            <View className="join__input time-field__value">{day}</View>
          </Picker>
          <Picker
            className="time-field__time"
            mode="time"
            name={`activity-${key}-time`}
            value={time}
            onChange={(e) => pick(key, 'time', String(e.detail.value))}
          >
            <View className="join__input time-field__value">{time || '时间'}</View>
          </Picker>
        </View>
        <FieldError messages={form.errors[key]} />
      </View>
    );
  };
  // editing: the 名额 shown is the activity's own, even if 调整名额 changed it while this form was open
  const shownRules = editing
    ? { ...rules, capacity: editing.capacity === null ? '' : String(editing.capacity), unlimited: editing.capacity === null }
    : rules;
  const onRules = (next: RulesDraft) => {
    form.clear(...rulesFields(rules, next));
    setRules(next);
  };

  return (
    <View className={`card ${form.scope}`}>
      <Text className="card__title">{editing ? '修改活动' : '发布活动'}</Text>
      {textField('title', '名称', '如：中医义诊')}
      {textField('place', '地点', '如：卢沟桥文化广场')}
      <Text className="join__label">类别</Text>
      <Choices options={categoryChoices} value={draft.category} onChange={(c) => c && change('category', c)} />
      <FieldError messages={form.errors.category} />
      <EventPicker name="activity-event" value={draft.eventId} errors={form.errors.eventId} onChange={(id) => change('eventId', id)} />
      <Text className="join__label">活动说明（选填）</Text>
      <TextBox
        name="activity-description"
        tall
        value={draft.description}
        maxlength={DESCRIPTION_MAX}
        placeholder="职工报名前会看到：内容、要带什么、注意事项"
        onInput={(value) => change('description', value)}
      />
      <Text className="muted activity-form__count">
        {draft.description.length}/{DESCRIPTION_MAX}
      </Text>
      <FieldError messages={form.errors.description} />
      <Text className="muted activity-form__zone">以下时间均为北京时间</Text>
      {timeField('startsAt', '开始时间')}
      {timeField('endsAt', '结束时间')}
      {timeField('signupClosesAt', '报名截止')}
      <AllocationFields
        value={allocation}
        onChange={(next, changed) => {
          form.clear(...changed);
          setAllocation(next);
        }}
        errors={form.errors}
        locked={Boolean(editing)}
      />
      <ActivityRules value={shownRules} onChange={onRules} errors={form.errors} capacityLocked={Boolean(editing)} />
      {'activity' in props ? (
        <View>
          <Button className="big-button join__submit" disabled={busy !== null} onClick={submit}>
            {busy ? '正在保存…' : '保存修改'}
          </Button>
          <ActionError message={form.others[0] ?? problemOf('submit')} />
          <Button className="big-button big-button--ghost activity__cancel" disabled={busy !== null} onClick={props.onCancel}>
            取消修改
          </Button>
        </View>
      ) : (
        <View>
          <Button className="big-button join__submit" disabled={busy !== null} onClick={submit}>
            {busy ? '正在发布…' : '发布'}
          </Button>
          <ActionError message={form.others[0] ?? problemOf('submit')} />
        </View>
      )}
    </View>
  );
}
