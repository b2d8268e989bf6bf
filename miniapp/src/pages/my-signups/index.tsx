import { View } from '@tarojs/components';
import { SessionGate } from '../../features/auth/session-gate';
import { MySignups } from '../../features/activities/my-signups';

export default function MySignupsPage() {
  return (
    <SessionGate offline>
      {(session) => (
        <View className="page">
          <MySignups userId={session.me.id} />
        </View>
      )}
    </SessionGate>
  );
}
