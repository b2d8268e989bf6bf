import { SessionGate } from '../../../features/auth/session-gate';
import { MemberReview } from '../../../features/join/member-review';

export default function StaffMembersPage() {
  return <SessionGate>{() => <MemberReview />}</SessionGate>;
}
