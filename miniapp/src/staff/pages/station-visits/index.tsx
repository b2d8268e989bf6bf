import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { StationVisits } from '../../../features/stations/station-visits';
import { stationParams } from '../../../features/stations/station-params';

export default function StationVisitsPage() {
  const { params } = useRouter();
  const { id, name } = stationParams(params);
  return <StaffGate>{() => <StationVisits stationId={id} stationName={name} />}</StaffGate>;
}
