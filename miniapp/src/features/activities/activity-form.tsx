import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { ActivityCategory, activityCategoryLabel } from '@shared/schemas/activity';
import { api, ApiError } from '../../lib/api';
import { Choices } from '../../components/choices';
import { ActivityRules, defaultRules, rulesToBody } from './activity-rules';
import { beijingInput, fromBeijingInput } from './beijing-time';
import { FieldError } from './field-error';
import './activities.css';

type Category = (typeof ActivityCategory.options)[number];
const categoryChoices = ActivityCategory.options.map((c) => ({ value: c, label: activityCategoryLabel[c] }));

/** What staff type in; times are Beijing "2026-11-26 09:00", keyed like the API's field errors. */
const emptyDraft = () => {
  const now = Date.now();
  return { title: '', place: '', category: 'service' as Category, startsAt: beijingInput(new Date(now + 86_400_000)), endsAt: beijingInput(new Date(now + 90_000_000)), signupClosesAt: beijingInput(new Date(now + 82_800_000)) };
};
type TextKey = 'title' | 'place' | 'startsAt' | 'endsAt' | 'signupClosesAt';
/** Field errors shown under their own field; any other key is shown above 发布. */
const fieldKeys = ['title', 'place', 'category', 'startsAt', 'endsAt', 'signupClosesAt', 'capacity', 'perMemberLimit', 'holdMinutes'];
const isFieldKey = (key: string) => fieldKeys.includes(key) || key.startsWith('eligibility.children');

/** Staff: publish an activity for the org they act for. */
export function ActivityForm({ orgId, onPublished }: { orgId: string; onPublished: () => void }) {
  const [draft, setDraft] = useState(emptyDraft);
  const [rules, setRules] = useState(defaultRules);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);

  const publish = async () => {
    if (busy) return;
    const times = { startsAt: fromBeijingInput(draft.startsAt), endsAt: fromBeijingInput(draft.endsAt), signupClosesAt: fromBeijingInput(draft.signupClosesAt) };
    const badTimes = Object.entries(times).filter(([, iso]) => !iso);
    if (badTimes.length > 0) return setErrors(Object.fromEntries(badTimes.map(([key]) => [key, ['请按“2026-11-26 09:00”的格式填写']])));
    const checked = rulesToBody(rules);
    if ('errors' in checked) return setErrors(checked.errors);
    setBusy(true);
    setErrors({});
    try {
      await api.createActivity({
        body: {
          orgId, title: draft.title, place: draft.place, category: draft.category,
          startsAt: times.startsAt!, endsAt: times.endsAt!, signupOpensAt: new Date().toISOString(), signupClosesAt: times.signupClosesAt!,
          ...checked.body,
        },
      });
      // the next activity is often like this one: keep times and rules, clear the name and place
      setDraft({ ...draft, title: '', place: '' });
      onPublished();
    } catch (e) {
      setErrors(e instanceof ApiError ? (e.fieldErrors ?? { form: [e.message] }) : { form: ['发布失败，请重试'] });
    } finally {
      setBusy(false);
    }
  };
  const field = (key: TextKey, label: string, placeholder = '') => (
    <View>
      <Text className='join__label'>{label}</Text>
      <Input className='join__input' name={`activity-${key}`} value={draft[key]} placeholder={placeholder} onInput={(e) => setDraft({ ...draft, [key]: e.detail.value })} />
      <FieldError messages={errors[key]} />
    </View>
  );
  const otherErrors = Object.entries(errors).filter(([key]) => !isFieldKey(key)).flatMap(([, messages]) => messages);

  return (
    <View className='card'>
      <Text className='card__title'>发布活动</Text>
      {field('title', '名称', '如：中医义诊')}
      {field('place', '地点', '如：卢沟桥文化广场')}
      <Text className='join__label'>类别</Text>
      <Choices options={categoryChoices} value={draft.category} onChange={(c) => c && setDraft({ ...draft, category: c })} />
      <FieldError messages={errors.category} />
      {field('startsAt', '开始时间（北京时间）')}
      {field('endsAt', '结束时间')}
      {field('signupClosesAt', '报名截止')}
      <ActivityRules value={rules} onChange={setRules} errors={errors} />
      <FieldError messages={otherErrors} />
      <Button className='big-button join__submit' disabled={busy} onClick={publish}>
        {busy ? '正在发布…' : '发布'}
      </Button>
    </View>
  );
}
