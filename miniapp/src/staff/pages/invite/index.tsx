import { View } from '@tarojs/components';
import { SessionGate } from '../../../features/auth/session-gate';
import { InviteStaff } from '../../../features/invitations/invite-staff';
import { OrgStaff } from '../../../features/invitations/org-staff';

export default function StaffInvitePage() {
  return (
    <SessionGate>
      {(session) => (
        <View>
          <InviteStaff session={session} />
          {session.me.actingOrgId ? <OrgStaff orgId={session.me.actingOrgId} myId={session.me.id} /> : null}
        </View>
      )}
    </SessionGate>
  );
}
