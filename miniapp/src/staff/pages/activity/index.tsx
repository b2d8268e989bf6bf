import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { StaffActivity } from '../../../features/activities/staff-activity';

export default function StaffActivityPage() {
  const { params } = useRouter();
  return <StaffGate>{() => <StaffActivity id={params.id ?? ''} />}</StaffGate>;
}
