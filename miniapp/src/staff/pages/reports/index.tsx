import { SessionGate } from '../../../features/auth/session-gate';
import { ReportQueue } from '../../../features/stations/report-queue';

export default function StaffReportsPage() {
  return <SessionGate>{() => <ReportQueue />}</SessionGate>;
}
