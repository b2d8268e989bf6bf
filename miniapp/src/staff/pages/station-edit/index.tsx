import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { StationEditor } from '../../../features/stations/station-editor';

export default function StationEditPage() {
  const { params } = useRouter();
  return <StaffGate>{(session) => <StationEditor id={params.id || undefined} session={session} />}</StaffGate>;
}
