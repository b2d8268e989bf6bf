import { View } from '@tarojs/components';
import { SessionGate } from '../../../features/auth/session-gate';
import { StaffScope } from '../../../features/orgs/staff-scope';

export default function StaffScopePage() {
  return (
    <SessionGate>
      {() => (
        <View className="page">
          <StaffScope />
        </View>
      )}
    </SessionGate>
  );
}
