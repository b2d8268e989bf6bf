import { StaffGate } from '../../../features/auth/staff-gate';
import { OverdueInspections } from '../../../features/stations/overdue-inspections';

export default function InspectionsDuePage() {
  return <StaffGate>{() => <OverdueInspections />}</StaffGate>;
}
