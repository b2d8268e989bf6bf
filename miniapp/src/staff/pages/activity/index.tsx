import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { StaffActivity } from '../../../features/activities/staff-activity';

export default function StaffActivityPage() {
  const { params } = useRouter();
  return <SessionGate>{() => <StaffActivity id={params.id ?? ''} />}</SessionGate>;
}
