import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { InspectionHistory } from '../../../features/supervise/inspection-history';
import { stationParams } from '../../../features/stations/station-params';

export default function InspectionsPage() {
  const { params } = useRouter();
  const { id, name } = stationParams(params);
  return <SessionGate>{() => <InspectionHistory stationId={id} stationName={name} />}</SessionGate>;
}
