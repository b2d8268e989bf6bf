import { StaffGate } from '../../../features/auth/staff-gate';
import { JoinCodes } from '../../../features/join/join-codes';

export default function StaffJoinCodesPage() {
  return <StaffGate>{(session) => <JoinCodes actingOrgId={session.me.actingOrgId ?? ''} />}</StaffGate>;
}
