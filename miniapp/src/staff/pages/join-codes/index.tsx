import { SessionGate } from '../../../features/auth/session-gate';
import { JoinCodes } from '../../../features/join/join-codes';

export default function StaffJoinCodesPage() {
  return <SessionGate>{(session) => <JoinCodes actingOrgId={session.me.actingOrgId ?? ''} />}</SessionGate>;
}
