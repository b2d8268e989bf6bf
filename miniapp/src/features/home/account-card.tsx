import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { MY_PRIVACY_PAGE_URL } from '../../lib/privacy-consent';
import { confirmSignOut } from '../../lib/sign-out';
import './me-card.css';

/** The foot of 我的: 个人信息与隐私 and 退出登录 (after a red confirm; the gate then shows sign-in). */
export function AccountCard() {
  return (
    <View className="card">
      <View className="account-card__link" role="link" onClick={() => Taro.navigateTo({ url: MY_PRIVACY_PAGE_URL })}>
        <Text>个人信息与隐私 ›</Text>
      </View>
      <Button className="big-button big-button--ghost account-card__sign-out" onClick={() => void confirmSignOut()}>
        退出登录
      </Button>
    </View>
  );
}
