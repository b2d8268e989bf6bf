import { View } from '@tarojs/components';
import { SessionGate } from '../../features/auth/session-gate';
import { TabIntro } from '../../features/home/tab-intro';
import { ActivityList } from '../../features/activities/activity-list';
import { MySignupsLink } from '../../features/activities/my-signups-link';

export default function ActivitiesPage() {
  return (
    <SessionGate>
      {() => (
        <View className="page">
          <TabIntro title="活动与福利" subtitle="义诊、理发、托管班、送清凉，名额先到先得" />
          <MySignupsLink />
          <ActivityList />
        </View>
      )}
    </SessionGate>
  );
}
