import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { JoinPoster } from '../../../features/join/poster';

export default function StaffPosterPage() {
  const { params } = useRouter();
  return <StaffGate>{() => <JoinPoster token={params.token ?? ''} />}</StaffGate>;
}
