import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../features/auth/session-gate';
import { StationDetail } from '../../features/stations/station-detail';

export default function StationPage() {
  const { params } = useRouter();
  // the list passes how far the station is (metres); opened from a shared link there is none
  const distance = params.distance ? Number(params.distance) : undefined;
  return <SessionGate>{(session) => <StationDetail id={params.id ?? ''} distance={distance} session={session} />}</SessionGate>;
}
