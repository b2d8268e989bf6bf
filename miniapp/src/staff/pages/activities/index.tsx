import { SessionGate } from '../../../features/auth/session-gate';
import { StaffActivities } from '../../../features/activities/staff-activities';

export default function StaffActivitiesPage() {
  return <SessionGate>{() => <StaffActivities />}</SessionGate>;
}
