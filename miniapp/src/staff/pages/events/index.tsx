import { StaffGate } from '../../../features/auth/staff-gate';
import { EventList } from '../../../features/outreach/event-list';

export default function StaffEventsPage() {
  return <StaffGate>{() => <EventList />}</StaffGate>;
}
