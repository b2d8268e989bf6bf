import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { InspectionDetail } from '../../../features/supervise/inspection-detail';

export default function InspectionPage() {
  const { params } = useRouter();
  return <SessionGate>{() => <InspectionDetail inspectionId={params.id ?? ''} />}</SessionGate>;
}
