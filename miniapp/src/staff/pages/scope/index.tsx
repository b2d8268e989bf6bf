import { View } from '@tarojs/components';
import { StaffGate } from '../../../features/auth/staff-gate';
import { StaffScope } from '../../../features/orgs/staff-scope';

export default function StaffScopePage() {
  return (
    <StaffGate>
      {() => (
        <View className="page">
          <StaffScope />
        </View>
      )}
    </StaffGate>
  );
}
