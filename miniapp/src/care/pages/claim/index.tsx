import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { ClaimScreen } from '../../../features/claims/claim-screen';

/** One claim in every state: the materials by slot while it is filled in, its progress after. */
export default function ClaimPage() {
  const { params } = useRouter();
  return <SessionGate>{() => <ClaimScreen claimId={params.id ?? ''} />}</SessionGate>;
}
