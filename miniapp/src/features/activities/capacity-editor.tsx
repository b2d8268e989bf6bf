import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { Activity } from '@shared/schemas/activity';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { ActionError, FieldError } from '../../components/field-error';
import './activities.css';

/**
 * 调整名额: more people turned up, or fewer places than planned. The server refuses a number below
 * the places taken (its message is shown as is); raising it offers the new places to the waiting list.
 */
export function CapacityEditor({ activity, onSaved }: { activity: Activity; onSaved: (saved: Activity) => void }) {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, problemOf, run } = useAction();

  if (activity.capacity === null)
    return (
      <View className="card" data-card="capacity">
        <Text className="card__title">调整名额</Text>
        <Text className="capacity__now">不限名额</Text>
        <Text className="muted">{`已报名 ${activity.confirmed} 人；不限名额的活动不需要调整`}</Text>
      </View>
    );
  const was = activity.capacity;
  const save = () => {
    setDone(null);
    const typed = text.trim();
    const capacity = /^\d+$/.test(typed) ? Number(typed) : 0;
    setInvalid(capacity < 1 ? '请填写新的名额人数' : null);
    if (capacity < 1) return;
    return run('capacity', async () => {
      const saved = await api.setActivityCapacity({ params: { activityId: activity.id }, body: { capacity } });
      setText('');
      const now = saved.capacity ?? capacity;
      setDone(
        now > was
          ? saved.waitlist
            ? '已增加名额，候补的职工会依次得到名额（在「我的报名」里确认）'
            : '已增加名额'
          : `已保存，名额为 ${now} 个`,
      );
      onSaved(saved);
    });
  };

  return (
    <View className="card" data-card="capacity">
      <Text className="card__title">调整名额</Text>
      <View className="hours-row">
        <Text>当前名额</Text>
        <Text className="capacity__number">{`${activity.capacity} 个`}</Text>
      </View>
      <View className="hours-row">
        <Text>已占用</Text>
        <Text className="capacity__number">{`${activity.confirmed} 个`}</Text>
      </View>
      <Text className="muted capacity__hint">已占用含报名成功和候补到位待确认的，新名额不能少于它</Text>
      <Input
        className="join__input rules__input"
        name="activity-new-capacity"
        type="number"
        maxlength={6}
        value={text}
        placeholder="新的名额人数"
        onInput={(e) => {
          setText(e.detail.value);
          setInvalid(null);
        }}
        onConfirm={save}
      />
      <FieldError messages={invalid ? [invalid] : undefined} />
      <Button className="big-button join__submit" disabled={busy !== null} onClick={save}>
        {busy ? '正在保存…' : '保存'}
      </Button>
      <ActionError message={problemOf('capacity')} />
      {done ? <Text className="activity__status capacity__message">{done}</Text> : null}
    </View>
  );
}
