import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import './activities.css';

/** The way into 我的报名, from the 活动 tab and from 我的. */
export function MySignupsLink() {
  return (
    <View className="card my-signups-link" onClick={() => Taro.navigateTo({ url: '/pages/my-signups/index' })}>
      <View className="my-signups-link__text">
        <Text className="my-signups-link__title">我的报名</Text>
        <Text className="muted">候补位次、确认参加、入场票</Text>
      </View>
      <Text className="my-signups-link__arrow">›</Text>
    </View>
  );
}
