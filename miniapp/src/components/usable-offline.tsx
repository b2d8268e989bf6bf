import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';

/** Under the error of a screen that needs the network: what this phone can still show without one. */
export function UsableOffline() {
  return (
    <View className="card" data-usable-offline>
      <Text className="card__title">没有网络时仍可使用</Text>
      <Text className="muted">保存在手机上的会员卡和报名凭证可以照常出示（离线，只读）。</Text>
      <Button className="big-button big-button--ghost" onClick={() => void Taro.navigateTo({ url: '/pages/member-card/index' })}>
        电子会员卡
      </Button>
      <Button className="big-button big-button--ghost" onClick={() => void Taro.navigateTo({ url: '/pages/my-signups/index' })}>
        我的报名
      </Button>
    </View>
  );
}
