import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Id } from '@shared/schemas/common';
import { StaffGate } from '../../../features/auth/staff-gate';
import { InviteStaff } from '../../../features/invitations/invite-staff';
import { OrgStaff } from '../../../features/invitations/org-staff';

/** 工作人员与邀请: for the staff member's own org, or for an org opened from 组织管理 (?orgId=&orgName=). */
export default function StaffInvitePage() {
  const { params } = useRouter();
  const picked =
    params.orgId && Id.safeParse(params.orgId).success
      ? { id: params.orgId, name: decodeURIComponent(params.orgName ?? '') || '所选组织' }
      : undefined;
  return (
    <StaffGate>
      {(session) => {
        const orgId = picked?.id ?? session.me.actingOrgId;
        return (
          <View>
            <InviteStaff session={session} org={picked} />
            {orgId ? <OrgStaff orgId={orgId} myId={session.me.id} /> : null}
          </View>
        );
      }}
    </StaffGate>
  );
}
