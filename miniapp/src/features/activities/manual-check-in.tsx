import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { signupStatusLabel } from '@shared/schemas/activity';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { beijingDisplay } from '@shared/beijing-time';
import { ActionError } from '../../components/field-error';
import { CheckInAnswerView, type CheckInAnswer } from './staff-answers';
import './activities.css';

type Match = Awaited<ReturnType<typeof api.searchActivitySignups>>['matches'][number];

/** When a ticket cannot be scanned (dead phone, cracked screen): find the person by name or phone, check them in. */
export function ManualCheckIn({ activityId, onChanged }: { activityId: string; onChanged: () => void }) {
  const [q, setQ] = useState('');
  const [matches, setMatches] = useState<Match[] | null>(null);
  const [answer, setAnswer] = useState<CheckInAnswer | null>(null);
  const { busy, problemOf, run } = useAction();
  const params = { activityId };

  const find = async () => (await api.searchActivitySignups({ params, query: { q: q.trim() } })).matches;
  const search = () =>
    run('search', async () => {
      setAnswer(null);
      setMatches(await find());
    });
  const checkIn = (memberNo: string) =>
    run(memberNo, async () => {
      setAnswer(await api.checkIn({ params, body: { memberNo } }));
      onChanged();
      // the new 已签到 time; if this refresh fails the check-in itself still stands
      find().then(setMatches, () => undefined);
    });

  return (
    <View className="card">
      <Text className="card__title">扫不了码？搜索签到</Text>
      <Input
        className="join__input"
        name="check-in-search"
        maxlength={20}
        value={q}
        placeholder="姓名或手机号后四位"
        onInput={(e) => setQ(e.detail.value)}
        onConfirm={search}
      />
      <Button className="big-button join__submit" disabled={busy !== null || !q.trim()} onClick={search}>
        {busy === 'search' ? '正在搜索…' : '搜索'}
      </Button>
      <ActionError message={problemOf('search')} />
      {answer ? <CheckInAnswerView answer={answer} /> : null}
      {matches?.length === 0 ? <Text className="muted search__none">没有找到，请核对姓名或手机号后四位</Text> : null}
      {matches?.map((m, i) => (
        <View key={`${m.memberNo}-${i}`} className="search__match" data-member={m.memberNo}>
          <View className="search__who">
            <Text className="search__name">
              {m.name}
              {m.places > 1 ? `（${m.places} 人）` : ''}
            </Text>
            <Text className="search__line">{m.phone}</Text>
            {m.checkedInAt ? null : <Text className="muted search__line">{signupStatusLabel[m.status]}</Text>}
            {m.memberNo ? <ActionError message={problemOf(m.memberNo)} /> : null}
          </View>
          {m.checkedInAt ? (
            // already in: the time instead of a button, so nobody is checked in twice
            <Text className="search__done">{`已签到（${beijingDisplay(m.checkedInAt)}）`}</Text>
          ) : m.memberNo ? (
            <Button className="big-button search__button" disabled={busy !== null} onClick={() => checkIn(m.memberNo)}>
              {busy === m.memberNo ? '签到中' : '签到'}
            </Button>
          ) : (
            // signed up without a membership (an activity open to all): only their ticket identifies them
            <Text className="muted search__line">非会员，请扫入场票</Text>
          )}
        </View>
      ))}
    </View>
  );
}
