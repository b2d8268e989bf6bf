import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { InspectionForm } from '../../../features/supervise/inspection-form';

export default function InspectPage() {
  const { params } = useRouter();
  return <SessionGate>{() => <InspectionForm stationId={params.id ?? ''} />}</SessionGate>;
}
