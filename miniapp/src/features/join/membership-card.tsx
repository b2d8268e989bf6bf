import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { api, ApiError } from '../../lib/api';
import { cardRequestLabel, lastReturn, membershipStatusLabel, type Membership } from '@shared/schemas/membership';
import { beijingDisplay } from '@shared/beijing-time';
import { ActionError } from '../../components/field-error';
import { ASKS, askSubscriptions, prepareSubscriptions } from '../../lib/subscribe';
import { Returned } from './returned';
import './join.css';

/** What a worker sees right after joining, and on 我的: status, org, number and history. */
export function MembershipCard({ membership: m, joining }: { membership: Membership; joining?: { orgId: string; orgName: string } }) {
  // a transfer is for members; a returned application is corrected and sent again instead
  const other = joining && joining.orgId !== m.orgId && m.status !== 'rejected' ? joining : null;
  const [transfer, setTransfer] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const otherOrgId = other?.orgId;
  useEffect(() => {
    if (otherOrgId) prepareSubscriptions();
  }, [otherOrgId]);
  const askTransfer = async () => {
    if (!other || transfer !== 'idle') return;
    // WeChat's 审核结果 subscription (tells the transfer's outcome): asked before any await
    askSubscriptions(ASKS.join);
    setTransfer('sending');
    try {
      await api.requestTransfer({ body: { toOrgId: other.orgId } });
      setTransfer('sent');
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '提交失败，请重试');
      setTransfer('idle');
    }
  };
  // not a page of its own: inside the join page or the 入会 tab, so no full-screen height (which
  // left a screen of blank space before whatever came after it)
  return (
    <View className="membership">
      <View className={`member-card member-card--${m.status}`}>
        <Text className="member-card__org">{m.orgName}</Text>
        {/* the member's own card: their own name in full */}
        <Text className="member-card__name">{m.name}</Text>
        <Text className="member-card__no">会员号 {m.memberNo}</Text>
        <Text className="member-card__status">{membershipStatusLabel[m.status]}</Text>
      </View>
      {other ? (
        <View className="card">
          <Text className="card__title">您已是{m.orgName}的会员</Text>
          <Text className="muted">如果换了工作，可以把组织关系转到{other.orgName}，由对方工会确认。</Text>
          {transfer === 'sent' ? (
            <Text className="notice">已提交转移申请，等待{other.orgName}确认</Text>
          ) : (
            <Button className="big-button join__submit" disabled={transfer === 'sending'} onClick={askTransfer}>
              申请转到{other.orgName}
            </Button>
          )}
          <ActionError message={problem} />
        </View>
      ) : null}
      {m.status === 'rejected' ? <Returned reason={m.rejectReason} at={lastReturn(m.history)?.at} /> : null}
      <View className="card">
        <Text className="card__title">互助服务卡：{cardRequestLabel[m.cardRequest]}</Text>
        <Button className="big-button" onClick={() => Taro.navigateTo({ url: '/pages/member-card/index' })}>
          打开电子会员卡
        </Button>
      </View>
      <View className="card">
        <Text className="card__title">办理记录</Text>
        {m.history.map((h) => (
          <View key={`${h.at}${h.what}`} className="hours-row">
            <Text>{h.what}</Text>
            <Text className="muted">{beijingDisplay(h.at)}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
