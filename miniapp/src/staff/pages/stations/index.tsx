import { SessionGate } from '../../../features/auth/session-gate';
import { StaffStations } from '../../../features/stations/staff-stations';

export default function StaffStationsPage() {
  return <SessionGate>{() => <StaffStations />}</SessionGate>;
}
