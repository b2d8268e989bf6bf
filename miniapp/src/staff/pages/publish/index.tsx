import { StaffGate } from '../../../features/auth/staff-gate';
import { PublishActivity } from '../../../features/activities/publish-activity';

export default function StaffPublishPage() {
  return <StaffGate>{(session) => <PublishActivity actingOrgId={session.me.actingOrgId ?? ''} />}</StaffGate>;
}
