import { Text, View } from '@tarojs/components';
import { StaffGate } from '../../../features/auth/staff-gate';
import { OrgAdmin } from '../../../features/org-admin/org-admin';

export default function StaffOrgsPage() {
  return (
    <StaffGate>
      {(session) => (
        <View className="page">
          {session.me.actingOrgId ? (
            <OrgAdmin actingOrgId={session.me.actingOrgId} />
          ) : (
            <Text className="field-error">您的账号还没有绑定工会组织，请联系上级工会</Text>
          )}
        </View>
      )}
    </StaffGate>
  );
}
