import { StaffGate } from '../../../features/auth/staff-gate';
import { StaffActivities } from '../../../features/activities/staff-activities';

export default function StaffActivitiesPage() {
  return <StaffGate>{() => <StaffActivities />}</StaffGate>;
}
