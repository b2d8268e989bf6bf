import { StaffGate } from '../../../features/auth/staff-gate';
import { MemberReview } from '../../../features/join/member-review';

export default function StaffMembersPage() {
  return <StaffGate>{() => <MemberReview />}</StaffGate>;
}
