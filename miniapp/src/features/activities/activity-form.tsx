import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { ActivityCategory, activityCategoryLabel, type Activity } from '@shared/schemas/activity';
import { api, ApiError } from '../../lib/api';
import { Choices } from '../../components/choices';
import { ActivityRules, defaultRules, rulesFromActivity, rulesToBody } from './activity-rules';
import { beijingDateTime, fromBeijingInput } from '@shared/beijing-time';
import { FieldError } from './field-error';
import './activities.css';

type Category = (typeof ActivityCategory.options)[number];
const categoryChoices = ActivityCategory.options.map((c) => ({ value: c, label: activityCategoryLabel[c] }));
const DESCRIPTION_MAX = 500;

/** What staff type in; times are Beijing "2026-11-26 09:00", keyed like the API's field errors. */
const emptyDraft = () => {
  const now = Date.now();
  return {
    title: '',
    description: '',
    place: '',
    category: 'service' as Category,
    startsAt: beijingDateTime(new Date(now + 86_400_000)),
    endsAt: beijingDateTime(new Date(now + 90_000_000)),
    signupClosesAt: beijingDateTime(new Date(now + 82_800_000)),
  };
};
type Draft = ReturnType<typeof emptyDraft>;
/** A published activity as the form shows it, to correct it. */
const draftFrom = (a: Activity): Draft => ({
  title: a.title,
  description: a.description,
  place: a.place,
  category: a.category,
  startsAt: beijingDateTime(a.startsAt),
  endsAt: beijingDateTime(a.endsAt),
  signupClosesAt: beijingDateTime(a.signupClosesAt),
});
type TextKey = 'title' | 'place' | 'startsAt' | 'endsAt' | 'signupClosesAt';
/** Field errors shown under their own field; any other key is shown above the button. */
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
];
const isFieldKey = (key: string) => fieldKeys.includes(key) || key.startsWith('eligibility.children');

type PublishProps = { orgId: string; onPublished: () => void };
type EditProps = { activity: Activity; onSaved: (saved: Activity) => void; onCancel: () => void };

/**
 * Staff: publish an activity for the org they act for, or (given `activity`) correct one already
 * published: the same fields, except the capacity, which has its own checked route (调整名额).
 */
export function ActivityForm(props: PublishProps | EditProps) {
  const editing = 'activity' in props ? props.activity : null;
  const [draft, setDraft] = useState(() => (editing ? draftFrom(editing) : emptyDraft()));
  const [rules, setRules] = useState(() => (editing ? rulesFromActivity(editing) : defaultRules()));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const times = {
      startsAt: fromBeijingInput(draft.startsAt),
      endsAt: fromBeijingInput(draft.endsAt),
      signupClosesAt: fromBeijingInput(draft.signupClosesAt),
    };
    const badTimes = Object.entries(times).filter(([, iso]) => !iso);
    if (badTimes.length > 0) return setErrors(Object.fromEntries(badTimes.map(([key]) => [key, ['请按“2026-11-26 09:00”的格式填写']])));
    const checked = rulesToBody(rules);
    if ('errors' in checked) return setErrors(checked.errors);
    const { capacity, ...rulesBody } = checked.body;
    const fields = {
      title: draft.title,
      description: draft.description,
      place: draft.place,
      category: draft.category,
      startsAt: times.startsAt!,
      endsAt: times.endsAt!,
      signupClosesAt: times.signupClosesAt!,
      ...rulesBody,
    };
    setBusy(true);
    setErrors({});
    try {
      if ('activity' in props) {
        // sign-ups opened when it was published; editing does not reopen them
        const saved = await api.updateActivity({
          params: { activityId: props.activity.id },
          body: { ...fields, signupOpensAt: props.activity.signupOpensAt },
        });
        props.onSaved(saved);
      } else {
        await api.createActivity({ body: { orgId: props.orgId, ...fields, capacity, signupOpensAt: new Date().toISOString() } });
        // the next activity is often like this one: keep times and rules, clear the name, place and description
        setDraft({ ...draft, title: '', description: '', place: '' });
        props.onPublished();
      }
    } catch (e) {
      setErrors(
        e instanceof ApiError ? (e.fieldErrors ?? { form: [e.message] }) : { form: [editing ? '保存失败，请重试' : '发布失败，请重试'] },
      );
    } finally {
      setBusy(false);
    }
  };
  const field = (key: TextKey, label: string, placeholder = '') => (
    <View>
      <Text className="join__label">{label}</Text>
      <Input
        className="join__input"
        name={`activity-${key}`}
        value={draft[key]}
        placeholder={placeholder}
        onInput={(e) => setDraft({ ...draft, [key]: e.detail.value })}
      />
      <FieldError messages={errors[key]} />
    </View>
  );
  // editing: the 名额 shown is the activity's own, even if 调整名额 changed it while this form was open
  const shownRules = editing
    ? { ...rules, capacity: editing.capacity === null ? '' : String(editing.capacity), unlimited: editing.capacity === null }
    : rules;
  const otherErrors = Object.entries(errors)
    .filter(([key]) => !isFieldKey(key))
    .flatMap(([, messages]) => messages);

  return (
    <View className="card">
      <Text className="card__title">{editing ? '修改活动' : '发布活动'}</Text>
      {field('title', '名称', '如：中医义诊')}
      {field('place', '地点', '如：卢沟桥文化广场')}
      <Text className="join__label">类别</Text>
      <Choices options={categoryChoices} value={draft.category} onChange={(c) => c && setDraft({ ...draft, category: c })} />
      <FieldError messages={errors.category} />
      <Text className="join__label">活动说明（选填）</Text>
      <Textarea
        className="activity-form__description"
        name="activity-description"
        value={draft.description}
        maxlength={DESCRIPTION_MAX}
        placeholder="职工报名前会看到：内容、要带什么、注意事项"
        onInput={(e) => setDraft({ ...draft, description: e.detail.value })}
      />
      <Text className="muted activity-form__count">
        {draft.description.length}/{DESCRIPTION_MAX}
      </Text>
      <FieldError messages={errors.description} />
      {field('startsAt', '开始时间（北京时间）')}
      {field('endsAt', '结束时间')}
      {field('signupClosesAt', '报名截止')}
      <ActivityRules value={shownRules} onChange={setRules} errors={errors} capacityLocked={Boolean(editing)} />
      <FieldError messages={otherErrors} />
      {'activity' in props ? (
        <View>
          <Button className="big-button join__submit" disabled={busy} onClick={submit}>
            {busy ? '正在保存…' : '保存修改'}
          </Button>
          <Button className="big-button big-button--ghost activity__cancel" disabled={busy} onClick={props.onCancel}>
            取消修改
          </Button>
        </View>
      ) : (
        <Button className="big-button join__submit" disabled={busy} onClick={submit}>
          {busy ? '正在发布…' : '发布'}
        </Button>
      )}
    </View>
  );
}
