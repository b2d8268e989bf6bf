import Taro from '@tarojs/taro';
import { useState } from 'react';
import { View } from '@tarojs/components';
import type { OutreachEvent } from '@shared/schemas/outreach';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import { EventForm } from './event-form';

/** 新建沟通会 (then its dashboard opens in place of the form), or 修改沟通会 for `eventId` (opened from its dashboard, which reads it again on return). */
export function EventEditor({ eventId, actingOrgId }: { eventId?: string; actingOrgId: string }) {
  if (!eventId) {
    return (
      <View className="page">
        <EventForm
          actingOrgId={actingOrgId}
          onCreated={(event) => void Taro.redirectTo({ url: `/staff/pages/event/index?eventId=${encodeURIComponent(event.id)}` })}
        />
      </View>
    );
  }
  return <ExistingEvent eventId={eventId} />;
}

function ExistingEvent({ eventId }: { eventId: string }) {
  const { data, error, loading, reload } = useRequest(() => api.getEvent({ params: { eventId } }), [eventId]);
  const [saved, setSaved] = useState<OutreachEvent | null>(null);
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  const event = saved ?? data!;
  return (
    <View className="page">
      <EventForm key={event.id} event={event} onSaved={setSaved} />
    </View>
  );
}
