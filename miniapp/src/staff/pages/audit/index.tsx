import { SessionGate } from '../../../features/auth/session-gate';
import { AuditLog } from '../../../features/audit/audit-log';

export default function StaffAuditPage() {
  return <SessionGate>{() => <AuditLog />}</SessionGate>;
}
