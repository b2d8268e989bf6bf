import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { membershipStatusLabel, type MemberCard } from '@shared/schemas/membership';
import { beijingClock, beijingDate, beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { unreachable, useCachedRequest } from '../../lib/use-cached-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { OfflineNotice, offlineLabel } from '../../components/offline-notice';
import { Returned } from './returned';
import './join.css';

const REFRESH_MS = 60_000;
/** "21:05" today, "12月1日 周二 06:05" on another day (Beijing) */
const until = (at: string) => (beijingDate(at) === beijingDate(new Date()) ? beijingClock(at) : beijingDisplay(at));

/**
 * 电子会员卡: the QR is a server-signed token that expires in minutes, refreshed while the card is
 * open. The last card is kept on the phone (lib/offline-cache); without a network the card shows
 * its 12-hour offline QR, marked 离线 · 更新于 HH:mm, until that expires (docs/join.md, Offline).
 * A pending or returned application has no card and no QR (the server signs none): the page says
 * 审核中, or 已退回 with the reason, when, and 修改后重新提交 (the return's 消息 opens this page).
 */
export function MemberCardScreen({ userId }: { userId: string }) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const { data, error, loading, reload, savedAt } = useCachedRequest('member-card', userId, () => api.getMemberCard(), [tick]);
  if (error?.code === 'not_found') return <EmptyState title="您还不是会员" hint="在工会活动现场扫码，一分钟入会" />;
  if (error && !data)
    return (
      <ErrorState
        message={unreachable(error) ? `${error.message}。在有网络时打开过一次会员卡，断网后 12 小时内仍可出示。` : error.message}
        onRetry={reload}
      />
    );
  if (!data) return <Loading />;
  const offlineNotice = (usable: string) => (savedAt ? <OfflineNotice savedAt={savedAt} usable={usable} onRetry={reload} /> : null);
  // an application is no member card yet: its status (a return's reason, when, and the way on), no QR
  if (data.status === 'rejected')
    return (
      <View className="page" data-card-status="rejected">
        {offlineNotice('没有网络，下面是保存在手机上的申请状态；联网后自动更新。')}
        <Returned reason={data.rejectReason} at={data.returnedAt} />
        <Applicant card={data} />
      </View>
    );
  if (data.status === 'pending')
    return (
      <View className="page" data-card-status="pending">
        {offlineNotice('没有网络，下面是保存在手机上的申请状态；联网后自动更新。')}
        <View className="card">
          <Text className="card__title">入会申请审核中</Text>
          <Text className="muted">{`${data.orgName}的工作人员审核通过后，这里就是您的电子会员卡；审核结果会在「消息」里告诉您。`}</Text>
        </View>
        <Applicant card={data} />
      </View>
    );
  // a kept card: its offline QR while that is valid (an older copy may lack one)
  const offlineQr = savedAt ? data.offlineQr : undefined;
  if (savedAt && !(offlineQr && new Date(offlineQr.expiresAt).getTime() > Date.now()))
    return (
      <ErrorState
        title="离线会员卡已过期"
        message={`会员卡离线只能出示 12 小时（${offlineLabel(savedAt)}）。请连上网络后重试；会员号 ${data.memberNo} 可以报给工作人员查找。`}
        onRetry={reload}
      />
    );
  const qr = offlineQr ?? data.qr;
  if (!qr) return <ErrorState message="会员卡暂时无法显示，请重试" onRetry={reload} />;
  return (
    <View className="page">
      {offlineNotice('没有网络，下面是保存在手机上的会员卡，可以照常出示；联网后自动更新。')}
      <View className={`member-card member-card--${data.status}`}>
        <Text className="member-card__org">{data.orgName}</Text>
        <Text className="member-card__name">{data.name}</Text>
        <Text className="member-card__no">会员号 {data.memberNo}</Text>
        <Text className="member-card__no">入会时间 {beijingDisplay(data.joinedAt)}</Text>
        <Text className="member-card__status">{membershipStatusLabel[data.status]}</Text>
        <Image className="member-card__qr" src={qr.svg} data-token={qr.token} />
        <Text className="member-card__hint">
          {offlineQr
            ? `离线二维码 ${until(offlineQr.expiresAt)} 前有效${loading ? ' · 正在连接…' : ''}`
            : `二维码每分钟自动更新，截图无效${loading ? ' · 正在更新…' : ''}`}
        </Text>
      </View>
    </View>
  );
}

/** Whose application, to which union, sent when: plain facts, nothing that looks like a member card. */
function Applicant({ card }: { card: MemberCard }) {
  const rows: [string, string][] = [
    ['申请加入', card.orgName],
    ['姓名', card.name],
    ['提交时间', beijingDisplay(card.joinedAt)],
    ['状态', membershipStatusLabel[card.status]],
  ];
  return (
    <View className="card" data-applicant>
      <Text className="card__title">申请信息</Text>
      {rows.map(([label, value]) => (
        <View key={label} className="hours-row">
          <Text>{label}</Text>
          <Text className="muted">{value}</Text>
        </View>
      ))}
    </View>
  );
}
