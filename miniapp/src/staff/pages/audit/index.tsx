import { StaffGate } from '../../../features/auth/staff-gate';
import { AuditLog } from '../../../features/audit/audit-log';

export default function StaffAuditPage() {
  return <StaffGate>{() => <AuditLog />}</StaffGate>;
}
