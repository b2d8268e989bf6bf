import { StaffGate } from '../../../features/auth/staff-gate';
import { ReportQueue } from '../../../features/stations/report-queue';

export default function StaffReportsPage() {
  return <StaffGate>{() => <ReportQueue />}</StaffGate>;
}
