import { View } from '@tarojs/components';
import { SessionGate } from '../../features/auth/session-gate';
import { TabIntro } from '../../features/home/tab-intro';
import { NearbyStations } from '../../features/stations/nearby-stations';

export default function StationsPage() {
  return (
    <SessionGate>
      {() => (
        <View className="page">
          <TabIntro title="附近驿站" subtitle="热水、热饭、充电、歇脚，就近找" />
          <NearbyStations />
        </View>
      )}
    </SessionGate>
  );
}
