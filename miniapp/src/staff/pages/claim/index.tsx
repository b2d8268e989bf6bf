import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { StaffClaimScreen } from '../../../features/claims-staff/staff-claim';

export default function StaffClaimPage() {
  const { params } = useRouter();
  return <StaffGate>{() => <StaffClaimScreen claimId={params.id ?? ''} />}</StaffGate>;
}
