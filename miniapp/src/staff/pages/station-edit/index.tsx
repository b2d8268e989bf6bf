import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { StationEditor } from '../../../features/stations/station-editor';

export default function StationEditPage() {
  const { params } = useRouter();
  return <SessionGate>{(session) => <StationEditor id={params.id || undefined} session={session} />}</SessionGate>;
}
