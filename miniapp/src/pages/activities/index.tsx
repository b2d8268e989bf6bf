import { View } from '@tarojs/components';
import { SessionGate } from '../../features/auth/session-gate';
import { ComingSoon, TabIntro } from '../../features/home/coming-soon';

export default function ActivitiesPage() {
  return (
    <SessionGate>
      {() => (
        <View className='page'>
          <TabIntro title='活动与福利' subtitle='义诊、理发、托管班、送清凉，名额先到先得' />
          <ComingSoon what='活动报名' />
        </View>
      )}
    </SessionGate>
  );
}
