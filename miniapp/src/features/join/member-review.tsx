import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { cardRequestLabel, membershipStatusLabel, occupationLabel } from '@shared/schemas/membership';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import './join.css';

/** Staff review queue: newest first, approve in one tap, return with a reason. */
export function MemberReview() {
  const [status, setStatus] = useState<'pending' | 'active' | 'rejected'>('pending');
  const { data, error, loading, reload } = useRequest(() => api.listMemberships({ query: { status } }), [status]);
  const transfers = useRequest(() => api.listTransfers(), []);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const { busy, problem, run } = useAction();
  const act = (memberId: string, action: () => Promise<unknown>) => run(memberId, () => action().then(reload));

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">入会审核</Text>
      </View>
      <View className="chips">
        {(['pending', 'active', 'rejected'] as const).map((s) => (
          <View key={s} className={status === s ? 'chip chip--on' : 'chip'} onClick={() => setStatus(s)}>
            <Text>{membershipStatusLabel[s]}</Text>
          </View>
        ))}
      </View>
      {problem ? <Text className="field-error join__notice">{problem}</Text> : null}
      {transfers.data?.transfers.map((t) => (
        <View key={t.id} className="card" data-transfer={t.id}>
          <Text className="card__title">转入申请：{t.name}</Text>
          <Text className="muted">
            从 {t.fromOrgName} 转到 {t.toOrgName} · {t.requestedAt.slice(0, 10)}
          </Text>
          <Button
            className="big-button"
            style={{ marginTop: '16px' }}
            disabled={busy === t.id}
            onClick={() => act(t.id, () => api.acceptTransfer({ params: { transferId: t.id } }).then(transfers.reload))}
          >
            接收
          </Button>
        </View>
      ))}
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.members.length === 0 ? <EmptyState title="没有需要处理的申请" /> : null}
      {data?.members.map((m) => (
        <View key={m.memberId} className="card" data-member={m.memberNo}>
          <Text className="card__title">
            {m.name} · {occupationLabel[m.occupation]}
          </Text>
          <Text className="muted">
            {m.mobile} · {m.employer} · {m.joinedAt.slice(0, 16).replace('T', ' ')}
            {m.eventTitle ? ` · ${m.eventTitle}` : ''}
          </Text>
          <Text className="muted" style={{ display: 'block' }}>
            互助服务卡：{cardRequestLabel[m.cardRequest]}
          </Text>
          {m.status === 'pending' ? (
            <View>
              <Button
                className="big-button"
                style={{ marginTop: '16px' }}
                disabled={busy === m.memberId}
                onClick={() =>
                  act(m.memberId, () => api.reviewMembership({ params: { memberId: m.memberId }, body: { decision: 'approve' } }))
                }
              >
                通过
              </Button>
              <Input
                className="join__input"
                style={{ marginTop: '16px' }}
                placeholder="退回原因"
                value={reasons[m.memberId] ?? ''}
                onInput={(e) => setReasons({ ...reasons, [m.memberId]: e.detail.value })}
              />
              <Button
                className="big-button big-button--ghost"
                style={{ marginTop: '16px' }}
                disabled={busy === m.memberId}
                onClick={() =>
                  act(m.memberId, () =>
                    api.reviewMembership({
                      params: { memberId: m.memberId },
                      body: { decision: 'reject', reason: reasons[m.memberId] ?? '' },
                    }),
                  )
                }
              >
                退回
              </Button>
            </View>
          ) : null}
          {m.cardRequest === 'requested' && m.status === 'active' ? (
            <Button
              className="big-button big-button--ghost"
              style={{ marginTop: '16px' }}
              onClick={() => act(m.memberId, () => api.markCardIssued({ params: { memberId: m.memberId } }))}
            >
              服务卡已发放
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  );
}
