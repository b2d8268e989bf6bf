import { useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { beijingDisplay } from '@shared/beijing-time';
import { cardRequestLabel, membershipStatusLabel, occupationLabel, type MemberSummary } from '@shared/schemas/membership';
import { api, ApiError } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useUndoWindow } from '../../lib/use-undo-window';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { ActionError, FieldError } from '../../components/field-error';
import { UndoBar } from '../../components/undo-bar';
import { PagesFooter, usePages } from './use-pages';
import './join.css';

/** Seconds in which 通过 / 退回 can be taken back before anything is sent. */
export const UNDO_MS = 5000;

/**
 * Staff review queue: newest first, 20 at a time (加载更多 or scrolling to the bottom), approve in
 * one tap, return with a reason. A decision waits a few seconds with 撤销 before it is sent; then
 * the platform's toast says it is done. Transfers into the subtree come first, also by pages.
 */
export function MemberReview() {
  const [status, setStatus] = useState<'pending' | 'active' | 'rejected'>('pending');
  const members = usePages(
    (cursor) => api.listMemberships({ query: { status, cursor } }).then((p) => ({ items: p.members, nextCursor: p.nextCursor })),
    (m) => m.memberId,
    [status],
  );
  const transfers = usePages(
    (cursor) => api.listTransfers({ query: { cursor } }).then((p) => ({ items: p.transfers, nextCursor: p.nextCursor })),
    (t) => t.id,
    [],
  );
  const reload = members.reload;
  useReachBottom(members.loadMore);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [reasonMissing, setReasonMissing] = useState<string | null>(null);
  // decided here and sent (or about to be): hidden from the list until it reloads
  const [decided, setDecided] = useState<Record<string, true>>({});
  // decisions are sent on their own (several can be under way): their failures are kept per member
  const [reviewProblems, setReviewProblems] = useState<Record<string, string>>({});
  const { busy, problemOf, run } = useAction();
  const undoWindow = useUndoWindow(UNDO_MS);
  const act = (key: string, action: () => Promise<unknown>) => run(key, () => action().then(reload));

  const decide = (m: MemberSummary, decision: 'approve' | 'reject') => {
    const reason = (reasons[m.memberId] ?? '').trim();
    if (decision === 'reject' && !reason) return setReasonMissing(m.memberId);
    setDecided((d) => ({ ...d, [m.memberId]: true }));
    const done = decision === 'approve' ? '已通过' : '已退回';
    undoWindow.schedule({
      key: m.memberId,
      label: `${done} ${m.name}`,
      send: () => {
        setReviewProblems(({ [m.memberId]: _old, ...rest }) => rest);
        api
          .reviewMembership({ params: { memberId: m.memberId }, body: decision === 'approve' ? { decision } : { decision, reason } })
          .then(
            () => void Taro.showToast({ title: done, icon: 'success' }),
            (e: unknown) => {
              // shown again, with what went wrong under its buttons
              setDecided(({ [m.memberId]: _gone, ...rest }) => rest);
              setReviewProblems((p) => ({ ...p, [m.memberId]: e instanceof ApiError ? e.message : '操作失败，请重试' }));
            },
          )
          .finally(reload);
      },
    });
  };
  const undo = () => {
    const key = undoWindow.pending?.key;
    undoWindow.undo();
    if (key) setDecided(({ [key]: _back, ...rest }) => rest);
    void Taro.showToast({ title: '已撤销', icon: 'none' });
  };

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
      {transfers.items.map((t) => (
        <View key={t.id} className="card" data-transfer={t.id}>
          <Text className="card__title">转入申请：{t.name}</Text>
          <Text className="muted">
            从 {t.fromOrgName} 转到 {t.toOrgName} · {beijingDisplay(t.requestedAt)}
          </Text>
          <Button
            className="big-button review__button"
            disabled={busy === t.id}
            onClick={() => act(t.id, () => api.acceptTransfer({ params: { transferId: t.id } }).then(transfers.reload))}
          >
            接收
          </Button>
          <ActionError message={problemOf(t.id)} />
        </View>
      ))}
      {transfers.nextCursor || transfers.moreLoading ? <PagesFooter pages={transfers} more="更多转入申请" /> : null}
      {transfers.error ? <ErrorState title="转入申请加载失败" message={transfers.error.message} onRetry={transfers.reload} /> : null}
      {members.error ? <ErrorState message={members.error.message} onRetry={reload} /> : null}
      {members.loading && members.items.length === 0 ? <Loading /> : null}
      {!members.loading && !members.error && members.items.filter((m) => !decided[m.memberId]).length === 0 && !members.nextCursor ? (
        <EmptyState title="没有需要处理的申请" />
      ) : null}
      {members.items
        .filter((m) => !decided[m.memberId])
        .map((m) => (
          <View key={m.memberId} className="card" data-member={m.memberNo}>
            <Text className="card__title">
              {m.name} · {occupationLabel[m.occupation]}
              {m.resubmitted && m.status === 'pending' ? <Text className="review__tag">重新提交</Text> : null}
            </Text>
            {m.resubmitted && m.status === 'pending' && m.lastReturnReason ? (
              <Text className="review__last-return">上次退回：{m.lastReturnReason}</Text>
            ) : null}
            <Text className="muted review__line">
              {m.mobile} · {m.employer}
            </Text>
            <Text className="muted review__line">
              {`${beijingDisplay(m.joinedAt)} 申请`}
              {m.eventTitle ? ` · ${m.eventTitle}` : ''}
            </Text>
            <Text className="muted review__line">互助服务卡：{cardRequestLabel[m.cardRequest]}</Text>
            {m.status === 'pending' ? (
              <View>
                <Button className="big-button review__button" disabled={busy === m.memberId} onClick={() => decide(m, 'approve')}>
                  通过
                </Button>
                <Input
                  className="join__input review__reason"
                  name={`reason-${m.memberId}`}
                  placeholder="退回原因（退回时必填）"
                  value={reasons[m.memberId] ?? ''}
                  onInput={(e) => {
                    setReasons({ ...reasons, [m.memberId]: e.detail.value });
                    if (reasonMissing === m.memberId) setReasonMissing(null);
                  }}
                />
                <FieldError messages={reasonMissing === m.memberId ? ['请写明退回原因，职工会看到'] : undefined} />
                <Button
                  className="big-button big-button--ghost review__button"
                  disabled={busy === m.memberId}
                  onClick={() => decide(m, 'reject')}
                >
                  退回
                </Button>
              </View>
            ) : null}
            {m.cardRequest === 'requested' && m.status === 'active' ? (
              <Button
                className="big-button big-button--ghost review__button"
                disabled={busy === m.memberId}
                onClick={() => act(m.memberId, () => api.markCardIssued({ params: { memberId: m.memberId } }))}
              >
                服务卡已发放
              </Button>
            ) : null}
            <ActionError message={reviewProblems[m.memberId] ?? problemOf(m.memberId)} />
          </View>
        ))}
      <PagesFooter pages={members} />
      {undoWindow.pending ? <UndoBar label={undoWindow.pending.label} onUndo={undo} /> : null}
    </View>
  );
}
