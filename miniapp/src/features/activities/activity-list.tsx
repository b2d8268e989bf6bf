import { useRef, useState } from 'react';
import { Button, Image, Text, View } from '@tarojs/components';
import { activityCategoryLabel, signupStatusLabel } from '@shared/schemas/activity';
import { api, ApiError } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import './activities.css';

const when = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');

/** 活动 tab: what the member may sign up for (and why not), places left, sign-up in one tap. */
export function ActivityList() {
  const { data, error, loading, reload } = useRequest(() => api.listActivities(), []);
  const tickets = useRequest(() => api.listMySignups(), [data]);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Record<string, string>>({});
  const requestIds = useRef<Record<string, string>>({});

  const act = async (id: string, run: () => Promise<unknown>) => {
    if (busy) return; // one tap at a time
    setBusy(id);
    setProblem({});
    try {
      await run();
      reload();
    } catch (e) {
      setProblem({ [id]: e instanceof ApiError ? e.message : '操作失败，请重试' });
    } finally {
      setBusy(null);
    }
  };
  const signUp = (id: string) =>
    act(id, async () => {
      requestIds.current[id] ??= newRequestId();
      await api.signUp({ params: { activityId: id }, body: { clientRequestId: requestIds.current[id]! } });
      delete requestIds.current[id];
    });

  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading text='正在加载活动…' />;
  if (data!.activities.length === 0) return <EmptyState title='近期没有可报名的活动' hint='工会发布新活动后会显示在这里' />;
  return (
    <View>
      {data!.activities.map((a) => {
        const mine = a.mySignup && a.mySignup.status !== 'cancelled' && a.mySignup.status !== 'expired' ? a.mySignup : null;
        const ticket = tickets.data?.signups.find((s) => s.activityId === a.id)?.ticket;
        return (
          <View key={a.id} className='card activity' data-activity={a.id}>
            <View className='activity__top'>
              <Text className='activity__title'>{a.title}</Text>
              <Text className='activity__category'>{activityCategoryLabel[a.category]}</Text>
            </View>
            <Text className='muted activity__line'>
              {when(a.startsAt)} · {a.place} · {a.orgName}
            </Text>
            <Text className='activity__places'>{a.placesLeft === null ? '名额不限' : a.placesLeft > 0 ? `剩余 ${a.placesLeft} 个名额` : a.waitlist ? '名额已满，可候补' : '名额已满'}</Text>
            {mine ? (
              <View>
                <Text className='activity__status'>
                  {signupStatusLabel[mine.status]}
                  {mine.status === 'waitlisted' && mine.position ? `（第 ${mine.position} 位）` : ''}
                  {mine.status === 'offered' && mine.holdExpiresAt ? `，请在 ${when(mine.holdExpiresAt)} 前确认` : ''}
                </Text>
                {ticket ? <Image className='activity__ticket' src={ticket.svg} data-ticket={ticket.token} /> : null}
                {mine.status === 'offered' ? (
                  <Button className='big-button' disabled={busy === a.id} onClick={() => act(a.id, () => api.confirmOffer({ params: { activityId: a.id } }))}>
                    确认参加
                  </Button>
                ) : null}
                <Button className='big-button big-button--ghost activity__cancel' disabled={busy === a.id} onClick={() => act(a.id, () => api.cancelSignup({ params: { activityId: a.id } }))}>
                  取消报名
                </Button>
              </View>
            ) : a.eligible ? (
              <Button className='big-button' disabled={busy === a.id} onClick={() => signUp(a.id)}>
                {busy === a.id ? '正在报名…' : a.placesLeft === 0 ? '候补报名' : '报名'}
              </Button>
            ) : (
              <Text className='muted activity__why'>暂不能报名：{a.whyNot}</Text>
            )}
            {problem[a.id] ? <Text className='field-error'>{problem[a.id]}</Text> : null}
          </View>
        );
      })}
    </View>
  );
}
