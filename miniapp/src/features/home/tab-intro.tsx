import { Text, View } from '@tarojs/components';
import { useUnreadBadge } from '../messages/unread-badge';

/** The red header every tab opens with; showing it reads the unread count for the 我的 tab's badge. */
export function TabIntro({ title, subtitle }: { title: string; subtitle: string }) {
  useUnreadBadge();
  return (
    <View className="page-header">
      <Text className="page-header__title">{title}</Text>
      <Text className="page-header__sub">{subtitle}</Text>
    </View>
  );
}
