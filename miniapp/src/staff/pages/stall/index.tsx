import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { StallScreen } from '../../../features/stall/stall-screen';

export default function StaffStallPage() {
  const { params } = useRouter();
  return <StaffGate>{() => <StallScreen eventId={params.eventId ?? ''} />}</StaffGate>;
}
