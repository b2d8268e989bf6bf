import { StaffGate } from '../../../features/auth/staff-gate';
import { StationImport } from '../../../features/stations/station-import';

export default function StationImportPage() {
  return <StaffGate>{() => <StationImport />}</StaffGate>;
}
