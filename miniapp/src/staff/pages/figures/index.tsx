import { StaffGate } from '../../../features/auth/staff-gate';
import { OrgReport } from '../../../features/outreach/org-report';

export default function FiguresPage() {
  return <StaffGate>{(session) => <OrgReport actingOrgId={session.me.actingOrgId ?? ''} />}</StaffGate>;
}
