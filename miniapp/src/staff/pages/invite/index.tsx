import { SessionGate } from '../../../features/auth/session-gate';
import { InviteStaff } from '../../../features/invitations/invite-staff';

export default function StaffInvitePage() {
  return <SessionGate>{(session) => <InviteStaff session={session} />}</SessionGate>;
}
