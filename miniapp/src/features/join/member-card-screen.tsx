import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { membershipStatusLabel } from '@shared/schemas/membership';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import './join.css';

const REFRESH_MS = 60_000;

/** 电子会员卡: the QR is a server-signed token that expires in minutes, refreshed while the card is open. */
export function MemberCardScreen() {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const { data, error, loading, reload } = useRequest(() => api.getMemberCard(), [tick]);
  if (error?.code === 'not_found') return <EmptyState title="您还不是会员" hint="在工会活动现场扫码，一分钟入会" />;
  if (error && !data) return <ErrorState message={error.message} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <View className="page">
      <View className={`member-card member-card--${data.status}`}>
        <Text className="member-card__org">{data.orgName}</Text>
        <Text className="member-card__name">{data.name}</Text>
        <Text className="member-card__no">会员号 {data.memberNo}</Text>
        <Text className="member-card__no">入会时间 {beijingDisplay(data.joinedAt)}</Text>
        <Text className="member-card__status">{membershipStatusLabel[data.status]}</Text>
        <Image className="member-card__qr" src={data.qr.svg} data-token={data.qr.token} />
        <Text className="member-card__hint">二维码每分钟自动更新，截图无效{loading ? ' · 正在更新…' : ''}</Text>
      </View>
    </View>
  );
}
