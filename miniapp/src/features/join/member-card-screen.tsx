import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { membershipStatusLabel } from '@shared/schemas/membership';
import { beijingClock, beijingDate, beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { unreachable, useCachedRequest } from '../../lib/use-cached-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { OfflineNotice, offlineLabel } from '../../components/offline-notice';
import { REAPPLY_URL } from './reapply-url';
import './join.css';

const REFRESH_MS = 60_000;
/** "21:05" today, "12月1日 周二 06:05" on another day (Beijing) */
const until = (at: string) => (beijingDate(at) === beijingDate(new Date()) ? beijingClock(at) : beijingDisplay(at));

/**
 * 电子会员卡: the QR is a server-signed token that expires in minutes, refreshed while the card is
 * open. The last card is kept on the phone (lib/offline-cache); without a network the card shows
 * its 12-hour offline QR, marked 离线 · 更新于 HH:mm, until that expires (docs/join.md, Offline).
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
  return (
    <View className="page">
      {savedAt ? (
        <OfflineNotice savedAt={savedAt} usable="没有网络，下面是保存在手机上的会员卡，可以照常出示；联网后自动更新。" onRetry={reload} />
      ) : null}
      {data.status === 'rejected' && !savedAt ? (
        // the 消息 of a return opens the card: the way to correct the application is here too
        <View className="card" data-returned>
          <Text className="card__title">入会申请被退回</Text>
          <Text className="muted">查看退回原因，修改后可以重新提交，原来填写的信息会自动带出。</Text>
          <Button className="big-button join__submit" onClick={() => Taro.navigateTo({ url: REAPPLY_URL })}>
            修改后重新提交
          </Button>
        </View>
      ) : null}
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
