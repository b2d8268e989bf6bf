import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { UnreadCount } from '@shared/schemas/message';
import { badgeText, refreshUnreadBadge } from './unread-badge';
import './messages.css';

export const MESSAGES_PAGE_URL = '/inbox/pages/messages/index';

/**
 * 消息 on 我的, with the unread count beside it; reading it also puts the badge on the 我的 tab.
 * Read when 我的 is shown (the tab tapped, or back from 消息).
 */
export function MessagesLink() {
  const [count, setCount] = useState<UnreadCount | null>(null);
  const refresh = () => void refreshUnreadBadge().then((c) => c && setCount(c));
  useEffect(refresh, []);
  useDidShow(refresh);
  const text = count ? badgeText(count) : null;
  return (
    <View className="card messages-link" role="link" onClick={() => Taro.navigateTo({ url: MESSAGES_PAGE_URL })}>
      <View className="messages-link__text">
        <Text className="messages-link__title">消息</Text>
        <Text className="muted">入会审核、候补与摇号、理赔进度、问题处理结果</Text>
      </View>
      {text ? (
        <Text className="messages-link__count" aria-label={`${text} 条未读`}>
          {text}
        </Text>
      ) : null}
      <Text className="messages-link__arrow" aria-hidden>
        ›
      </Text>
    </View>
  );
}
