import { useRouter } from '@tarojs/taro';
import { StaffGate } from '../../../features/auth/staff-gate';
import { EventEditor } from '../../../features/outreach/event-editor';

export default function EventEditPage() {
  const { params } = useRouter();
  return (
    <StaffGate>{(session) => <EventEditor eventId={params.eventId || undefined} actingOrgId={session.me.actingOrgId ?? ''} />}</StaffGate>
  );
}
