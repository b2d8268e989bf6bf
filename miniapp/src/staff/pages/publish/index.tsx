import { SessionGate } from '../../../features/auth/session-gate';
import { PublishActivity } from '../../../features/activities/publish-activity';

export default function StaffPublishPage() {
  return <SessionGate>{(session) => <PublishActivity actingOrgId={session.me.actingOrgId ?? ''} />}</SessionGate>;
}
