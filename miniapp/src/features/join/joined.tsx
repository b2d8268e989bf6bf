import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { Membership } from '@shared/schemas/membership';
import { MembershipCard } from './membership-card';
import './join.css';

/** How long a review usually takes; said to the worker so 待审核 is not a dead end. */
export const REVIEW_TIME = '通常 3 个工作日内';

/**
 * Right after joining: what happened, what 待审核 means, who reviews and how long it takes, the
 * ways into the app right under it (opened from a QR code there is no tab bar), then the card.
 */
export function Joined({ membership: m }: { membership: Membership }) {
  return (
    <View className="page" data-joined={m.status}>
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
        <IntoTheApp />
      </View>
      <MembershipCard membership={m} />
    </View>
  );
}

const already: Record<Membership['status'], { title: string; text: (m: Membership) => string }> = {
  active: {
    title: '您已入会',
    text: (m) => `您已是${m.orgName}的会员，不用再次入会。会员卡在下面，在「我的」里也能随时查看。`,
  },
  pending: {
    title: '入会申请审核中',
    text: (m) => `您已提交过入会申请，不用再次提交。${m.orgName}的工作人员正在核对，${REVIEW_TIME}完成；通过后会员卡显示“已入会”。`,
  },
  rejected: {
    title: '入会申请被退回',
    text: (m) => `${m.orgName}退回了您的入会申请，原因写在会员卡下面，可以修改后重新提交。如有疑问，请问现场的工作人员。`,
  },
};

/**
 * Scanning the code again after joining: say so first (joined, or still being reviewed, and what
 * that means), the ways into the app near the top, then the card.
 */
export function AlreadyJoined({ membership: m, joining }: { membership: Membership; joining: { orgId: string; orgName: string } }) {
  const { title, text } = already[m.status];
  return (
    <View className="page" data-already-joined={m.status}>
      <View className="page-header">
        <Text className="page-header__title">{title}</Text>
        <Text className="page-header__sub">{m.orgName}</Text>
      </View>
      <View className="card joined">
        <Text className="joined__text">{text(m)}</Text>
        <IntoTheApp />
      </View>
      <MembershipCard membership={m} joining={joining} />
    </View>
  );
}

/** Two ways on, to the tabs: a page opened from a scanned code has no tab bar. */
export function IntoTheApp() {
  return (
    <View className="joined__exits">
      <Button className="big-button" onClick={() => Taro.switchTab({ url: '/pages/stations/index' })}>
        去首页，找附近驿站
      </Button>
      <Button className="big-button big-button--ghost joined__me" onClick={() => Taro.switchTab({ url: '/pages/me/index' })}>
        去「我的」查看会员信息
      </Button>
    </View>
  );
}
