import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { ClaimStartScreen } from '../../../features/claims/claim-start';

/** 活动 → a plan → 申请理赔: the health-data consent, the event and its date, then the claim. */
export default function ClaimStartPage() {
  const { params } = useRouter();
  return <SessionGate>{() => <ClaimStartScreen activityId={params.activity ?? ''} />}</SessionGate>;
}
