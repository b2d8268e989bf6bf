import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { StationSupervisors } from '../../../features/stations/station-supervisors';
import { stationParams } from '../../../features/stations/station-params';

export default function StationSupervisorsPage() {
  const { params } = useRouter();
  const { id, name } = stationParams(params);
  return <StaffGate>{() => <StationSupervisors stationId={id} stationName={name} />}</StaffGate>;
}
