import { Text, View } from '@tarojs/components';

/** The red header every tab opens with. */
export function TabIntro({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <View className="page-header">
      <Text className="page-header__title">{title}</Text>
      <Text className="page-header__sub">{subtitle}</Text>
    </View>
  );
}
