import { Text, View } from '@tarojs/components';
import { EmptyState } from '../../components/states';

/** Header and placeholder for a tab whose feature has not shipped yet. */
export function TabIntro({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <View className='page-header'>
      <Text className='page-header__title'>{title}</Text>
      <Text className='page-header__sub'>{subtitle}</Text>
    </View>
  );
}

export function ComingSoon({ what }: { what: string }) {
  return <EmptyState icon='…' title={`${what}即将上线`} hint='我们正在加紧建设，敬请期待' />;
}
