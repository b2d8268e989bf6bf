import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { DoorPoster } from '../../../features/stations/door-poster';
import { stationParams } from '../../../features/stations/station-params';

export default function DoorPosterPage() {
  const { params } = useRouter();
  return <StaffGate>{() => <DoorPoster stationId={stationParams(params).id} />}</StaffGate>;
}
