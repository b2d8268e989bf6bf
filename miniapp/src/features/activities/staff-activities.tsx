import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { ActivityCategory, activityCategoryLabel } from '@shared/schemas/activity';
import { api, ApiError } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import './activities.css';

/** Beijing "2026-11-26 09:00" ⇄ ISO instant. */
const toIso = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
const local = (date: Date) => new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Staff: publish an activity for their org, and open each one's sign-up list. */
export function StaffActivities({ actingOrgId }: { actingOrgId: string }) {
  const { data, error, loading, reload } = useRequest(() => api.listStaffActivities(), []);
  const now = new Date();
  const [form, setForm] = useState({ title: '', place: '', category: 'service' as (typeof ActivityCategory.options)[number], capacity: '30', starts: local(new Date(now.getTime() + 86_400_000)), ends: local(new Date(now.getTime() + 90_000_000)), closes: local(new Date(now.getTime() + 82_800_000)) });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);

  const create = async () => {
    if (busy) return;
    setBusy(true);
    setErrors({});
    try {
      await api.createActivity({
        body: {
          orgId: actingOrgId, title: form.title, place: form.place, category: form.category,
          startsAt: toIso(form.starts), endsAt: toIso(form.ends), signupOpensAt: now.toISOString(), signupClosesAt: toIso(form.closes),
          capacity: form.capacity.trim() === '' ? null : Number(form.capacity),
        },
      });
      setForm({ ...form, title: '', place: '' });
      reload();
    } catch (e) {
      setErrors(e instanceof ApiError ? (e.fieldErrors ?? { form: [e.message] }) : { form: ['发布失败，请重试'] });
    } finally {
      setBusy(false);
    }
  };
  const field = (key: keyof typeof form, label: string, placeholder = '') => (
    <View>
      <Text className='join__label'>{label}</Text>
      <Input className='join__input' name={`activity-${key}`} value={String(form[key])} placeholder={placeholder} onInput={(e) => setForm({ ...form, [key]: e.detail.value })} />
      {errors[key === 'starts' ? 'startsAt' : key === 'ends' ? 'endsAt' : key === 'closes' ? 'signupClosesAt' : key]?.map((m) => (
        <Text key={m} className='field-error'>
          {m}
        </Text>
      ))}
    </View>
  );

  return (
    <View className='page'>
      <View className='page-header'>
        <Text className='page-header__title'>活动报名管理</Text>
      </View>
      <View className='card'>
        <Text className='card__title'>发布活动</Text>
        {field('title', '名称', '如：中医义诊')}
        {field('place', '地点', '如：卢沟桥文化广场')}
        <Text className='join__label'>类别</Text>
        <View className='join__options'>
          {ActivityCategory.options.map((c) => (
            <View key={c} className={form.category === c ? 'join__option join__option--on' : 'join__option'} onClick={() => setForm({ ...form, category: c })}>
              <Text>{activityCategoryLabel[c]}</Text>
            </View>
          ))}
        </View>
        {field('capacity', '名额（留空为不限）')}
        {field('starts', '开始时间（北京时间）')}
        {field('ends', '结束时间')}
        {field('closes', '报名截止')}
        {errors.form ? <Text className='field-error'>{errors.form[0]}</Text> : null}
        <Button className='big-button join__submit' disabled={busy} onClick={create}>
          {busy ? '正在发布…' : '发布'}
        </Button>
      </View>
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.activities.length === 0 ? <EmptyState title='还没有发布活动' /> : null}
      {data?.activities.map((a) => (
        <View key={a.id} className='card' onClick={() => Taro.navigateTo({ url: `/staff/pages/activity/index?id=${a.id}` })}>
          <Text className='card__title'>{a.title}</Text>
          <Text className='muted'>
            {a.place} · 已报名 {a.confirmed}
            {a.capacity === null ? '' : ` / ${a.capacity}`}
          </Text>
        </View>
      ))}
    </View>
  );
}
