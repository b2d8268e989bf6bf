import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { EventDashboard } from '../../../features/outreach/event-dashboard';

export default function EventPage() {
  const { params } = useRouter();
  return <StaffGate>{() => <EventDashboard eventId={params.eventId ?? ''} />}</StaffGate>;
}
