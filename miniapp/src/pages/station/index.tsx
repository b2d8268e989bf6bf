import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../features/auth/session-gate';
import { StationDetail } from '../../features/stations/station-detail';

export default function StationPage() {
  const { params } = useRouter();
  return <SessionGate>{(session) => <StationDetail id={params.id ?? ''} session={session} />}</SessionGate>;
}
