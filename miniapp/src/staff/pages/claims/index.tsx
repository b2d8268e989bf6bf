import { StaffGate } from '../../../features/auth/staff-gate';
import { OpenClaims } from '../../../features/claims-staff/open-claims';

export default function OpenClaimsPage() {
  return <StaffGate>{() => <OpenClaims />}</StaffGate>;
}
