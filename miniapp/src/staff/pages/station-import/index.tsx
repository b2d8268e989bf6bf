import { SessionGate } from '../../../features/auth/session-gate';
import { StationImport } from '../../../features/stations/station-import';

export default function StationImportPage() {
  return <SessionGate>{() => <StationImport />}</SessionGate>;
}
