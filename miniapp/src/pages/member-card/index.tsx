import { SessionGate } from '../../features/auth/session-gate';
import { MemberCardScreen } from '../../features/join/member-card-screen';

export default function MemberCardPage() {
  return <SessionGate offline>{(session) => <MemberCardScreen userId={session.me.id} />}</SessionGate>;
}
