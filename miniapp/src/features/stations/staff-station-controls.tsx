import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { Station } from '@shared/schemas/station';
import { api, ApiError } from '../../lib/api';

/** Staff on site can pause or reopen a station in one tap (the server checks it is theirs). */
export function StaffStationControls({ station, onChanged }: { station: Station; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const next = station.status === 'open' ? 'temporarily-closed' : 'open';

  const toggle = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const { id: _id, demo: _demo, updatedAt: _u, ...input } = station;
      await api.updateStation({ params: { stationId: station.id }, body: { ...input, status: next } });
      onChanged();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '操作失败，请重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card'>
      <Text className='card__title'>工作人员操作</Text>
      {problem ? <Text className='field-error'>{problem}</Text> : null}
      <Button className='big-button big-button--ghost' disabled={busy} onClick={toggle}>
        {next === 'open' ? '恢复开放' : '暂停开放'}
      </Button>
    </View>
  );
}
