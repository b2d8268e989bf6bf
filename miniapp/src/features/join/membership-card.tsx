import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { cardRequestLabel, membershipStatusLabel, type Membership } from '@shared/schemas/membership';
import { maskName } from '@shared/schemas/common';
import './join.css';

/** What a worker sees right after joining, and on 我的: status, org, number and history. */
export function MembershipCard({ membership: m, joiningOrgName }: { membership: Membership; joiningOrgName?: string }) {
  const other = joiningOrgName && joiningOrgName !== m.orgName;
  return (
    <View className='page'>
      <View className={`member-card member-card--${m.status}`}>
        <Text className='member-card__org'>{m.orgName}</Text>
        <Text className='member-card__name'>{maskName(m.name)}</Text>
        <Text className='member-card__no'>会员号 {m.memberNo}</Text>
        <Text className='member-card__status'>{membershipStatusLabel[m.status]}</Text>
      </View>
      {other ? <Text className='notice join__notice'>您已是{m.orgName}的会员。如已换工作，可在“我的”中申请转到{joiningOrgName}。</Text> : null}
      {m.status === 'rejected' && m.rejectReason ? <Text className='field-error join__notice'>退回原因：{m.rejectReason}</Text> : null}
      <View className='card'>
        <Text className='card__title'>互助服务卡：{cardRequestLabel[m.cardRequest]}</Text>
        <Button className='big-button' onClick={() => Taro.navigateTo({ url: '/pages/member-card/index' })}>
          打开电子会员卡
        </Button>
      </View>
      <View className='card'>
        <Text className='card__title'>办理记录</Text>
        {m.history.map((h) => (
          <View key={`${h.at}${h.what}`} className='hours-row'>
            <Text>{h.what}</Text>
            <Text className='muted'>{h.at.slice(0, 10)}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
