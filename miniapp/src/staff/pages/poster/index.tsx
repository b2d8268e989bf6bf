import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { JoinPoster } from '../../../features/join/poster';

export default function StaffPosterPage() {
  const { params } = useRouter();
  return <SessionGate>{() => <JoinPoster token={params.token ?? ''} />}</SessionGate>;
}
