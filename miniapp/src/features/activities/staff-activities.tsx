import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { ActivityForm } from './activity-form';
import './activities.css';

/** Staff: publish an activity for their org, and open each one's sign-up list. */
export function StaffActivities({ actingOrgId }: { actingOrgId: string }) {
  const { data, error, loading, reload } = useRequest(() => api.listStaffActivities(), []);

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">活动报名管理</Text>
      </View>
      <ActivityForm orgId={actingOrgId} onPublished={reload} />
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.activities.length === 0 ? <EmptyState title="还没有发布活动" /> : null}
      {data?.activities.map((a) => (
        <View key={a.id} className="card" onClick={() => Taro.navigateTo({ url: `/staff/pages/activity/index?id=${a.id}` })}>
          <Text className="card__title">{a.title}</Text>
          <Text className="muted">
            {a.place} · 已报名 {a.confirmed}
            {a.capacity === null ? '' : ` / ${a.capacity}`}
          </Text>
        </View>
      ))}
    </View>
  );
}
