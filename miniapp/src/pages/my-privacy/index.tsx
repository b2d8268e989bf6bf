import { SessionGate } from '../../features/auth/session-gate';
import { MyPrivacy } from '../../features/privacy/my-privacy';

export default function MyPrivacyPage() {
  return <SessionGate>{(session) => <MyPrivacy session={session} />}</SessionGate>;
}
