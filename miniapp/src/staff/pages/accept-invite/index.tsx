import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { AcceptInvite } from '../../../features/invitations/accept-invite';

export default function AcceptInvitePage() {
  const { params } = useRouter();
  return <SessionGate>{() => <AcceptInvite params={params} />}</SessionGate>;
}
