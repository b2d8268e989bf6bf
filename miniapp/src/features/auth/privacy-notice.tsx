import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { PRIVACY_GUIDELINE_TITLE } from '@shared/schemas/privacy';
import { AGREE_BUTTON_ID, agreeToPrivacy, PRIVACY_PAGE_URL, resolveWechatPrivacy } from '../../lib/privacy-consent';
import './privacy-notice.css';

/** Who, what, why, how long, who sees it, your rights: the short form of the guideline. */
const points = [
  { title: '谁在处理', text: '北京市各级工会（您入会或使用服务的那一级工会）。' },
  {
    title: '处理什么、为什么',
    text: '微信身份（加密后保存，用于登录；openid 只用于发送您允许的订阅消息）；入会时的姓名、手机号、工作单位、职业，用于办理入会和会员服务；报名信息，用于活动名额和签到。您的位置只用于查找最近的驿站，不保存。',
  },
  {
    title: '保存多久',
    text: '会员信息在会籍存续期间保存；被退回的入会申请和取消或过期的报名 180 天后删除；问题反馈处理完 1 年后删除反映人信息；工作人员的操作记录 3 年后删除。',
  },
  { title: '谁能看到', text: '您本人和您所属工会及其上级工会的工作人员；其他人只看到打码后的信息。' },
  {
    title: '您的权利',
    text: '可随时在「我的 → 个人信息与隐私」查看信息、导出副本、更正姓名手机号和工作单位、撤回同意、退出登录、注销账号。',
  },
];

/**
 * The first screen of a first run (and after a new guideline or a withdrawal): nothing is sent to
 * the server before 同意. On weapp the 同意 button is WeChat's agreePrivacyAuthorization button, so
 * WeChat records the agreement too and a privacy API waiting for it continues.
 */
export function PrivacyNotice() {
  const [declined, setDeclined] = useState(false);
  const weapp = process.env.TARO_ENV === 'weapp';
  const agree = () => void agreeToPrivacy();
  const decline = () => {
    resolveWechatPrivacy('disagree');
    setDeclined(true);
  };

  return (
    <View className="page privacy-notice">
      <View className="page-header">
        <Text className="page-header__title">个人信息保护提示</Text>
        <Text className="page-header__sub">使用工会服务前，请阅读并同意{PRIVACY_GUIDELINE_TITLE}</Text>
      </View>
      <View className="card">
        {points.map((p) => (
          <View key={p.title} className="privacy-notice__point">
            <Text className="privacy-notice__title">{p.title}</Text>
            <Text className="privacy-notice__text">{p.text}</Text>
          </View>
        ))}
        <View className="privacy-notice__link" role="link" onClick={() => Taro.navigateTo({ url: PRIVACY_PAGE_URL })}>
          <Text>阅读完整的{PRIVACY_GUIDELINE_TITLE} ›</Text>
        </View>
      </View>
      <View className="card privacy-notice__actions">
        {weapp ? (
          <Button id={AGREE_BUTTON_ID} className="big-button" openType="agreePrivacyAuthorization" onAgreePrivacyAuthorization={agree}>
            同意并继续
          </Button>
        ) : (
          <Button id={AGREE_BUTTON_ID} className="big-button" onClick={agree}>
            同意并继续
          </Button>
        )}
        <Button className="big-button big-button--ghost privacy-notice__decline" onClick={decline}>
          不同意
        </Button>
        {declined ? (
          <View className="privacy-notice__declined" role="alert">
            <Text>不同意将无法使用工会服务，我们没有收集您的任何信息。您可以随时回来阅读并同意。</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}
