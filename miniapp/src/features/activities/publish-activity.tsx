import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { Activity } from '@shared/schemas/activity';
import { ActivityForm } from './activity-form';
import './activities.css';

/**
 * Staff: publish an activity for the org they act for. Once published, the platform's toast says
 * so and the new activity opens in place of this form (back leads to the list, not to the form).
 */
export function PublishActivity({ actingOrgId }: { actingOrgId: string }) {
  const published = (activity: Activity) => {
    void Taro.showToast({ title: '已发布', icon: 'success', duration: 2000 });
    void Taro.redirectTo({ url: `/staff/pages/activity/index?id=${activity.id}` });
  };
  return (
    <View className="page">
      <ActivityForm orgId={actingOrgId} onPublished={published} />
    </View>
  );
}
