import { StaffGate } from '../../../features/auth/staff-gate';
import { StaffStations } from '../../../features/stations/staff-stations';

export default function StaffStationsPage() {
  return <StaffGate>{() => <StaffStations />}</StaffGate>;
}
