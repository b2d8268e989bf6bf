import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { InspectionHistory } from '../../../features/supervise/inspection-history';

export default function InspectionsPage() {
  const { params } = useRouter();
  return <SessionGate>{() => <InspectionHistory stationId={params.id ?? ''} />}</SessionGate>;
}
