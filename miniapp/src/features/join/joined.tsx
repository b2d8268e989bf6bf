import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { Membership } from '@shared/schemas/membership';
import { MembershipCard } from './membership-card';
import './join.css';

/** How long a review usually takes; said to the worker so 待审核 is not a dead end. */
export const REVIEW_TIME = '通常 3 个工作日内';

/**
 * Right after joining: what happened, what 待审核 means, who reviews and how long it takes, then
 * the card and a way into the app (opened from a QR code there is no tab bar to go on with).
 */
export function Joined({ membership: m }: { membership: Membership }) {
  return (
    <View data-joined={m.status}>
      <View className="card joined">
        {m.status === 'active' ? (
          <View>
            <Text className="joined__title">入会成功</Text>
            <Text className="joined__text">{`您已是${m.orgName}的会员，电子会员卡已经可以使用。`}</Text>
          </View>
        ) : (
          <View>
            <Text className="joined__title">已提交，待审核</Text>
            <Text className="joined__text">{`待审核：您的入会申请已交给${m.orgName}的工作人员核对，${REVIEW_TIME}完成。`}</Text>
            <Text className="joined__text">
              审核通过后会员卡显示“已入会”，就能报名仅限会员的活动；如被退回，会写明原因，可在「我的」里查看。
            </Text>
          </View>
        )}
      </View>
      <MembershipCard membership={m} />
      <IntoTheApp />
    </View>
  );
}

/** Two ways on, to the tabs: a page opened from a scanned code has no tab bar. */
export function IntoTheApp() {
  return (
    <View className="card">
      <Button className="big-button" onClick={() => Taro.switchTab({ url: '/pages/stations/index' })}>
        去首页，找附近驿站
      </Button>
      <Button className="big-button big-button--ghost joined__me" onClick={() => Taro.switchTab({ url: '/pages/me/index' })}>
        去「我的」查看会员信息
      </Button>
    </View>
  );
}
