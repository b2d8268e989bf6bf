import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { Station } from '@shared/schemas/station';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { ActionError } from '../../components/field-error';

/** The station network's staff pages for this station (issue 14). */
const networkPages = [
  { page: 'door-poster', label: '打印门口二维码' },
  { page: 'station-supervisors', label: '义务监督员' },
  { page: 'station-visits', label: '到访统计' },
];
const staffPageUrl = (page: string, station: Station) =>
  `/staff/pages/${page}/index?id=${encodeURIComponent(station.id)}&name=${encodeURIComponent(station.name)}`;

/**
 * Staff on site can pause or reopen a station in one tap, or open the editor (the server checks it is
 * theirs); and reach its door poster, supervisors and visits.
 */
export function StaffStationControls({ station, onChanged }: { station: Station; onChanged: () => void }) {
  const { busy, problemOf, run } = useAction();
  const next = station.status === 'open' ? 'temporarily-closed' : 'open';
  const { id: _id, demo: _demo, updatedAt: _u, photoIds: _p, heldPhotoIds: _h, refusedPhotoIds: _r, ...input } = station;
  const toggle = () =>
    run('toggle', () => api.updateStation({ params: { stationId: station.id }, body: { ...input, status: next } }).then(onChanged));

  return (
    <View className="card">
      <Text className="card__title">工作人员操作</Text>
      <Button
        className="big-button big-button--ghost"
        onClick={() => Taro.navigateTo({ url: `/staff/pages/station-edit/index?id=${encodeURIComponent(station.id)}` })}
      >
        编辑驿站
      </Button>
      <Button className="big-button big-button--ghost" disabled={busy !== null} onClick={toggle}>
        {next === 'open' ? '恢复开放' : '暂停开放'}
      </Button>
      <ActionError message={problemOf('toggle')} />
      {networkPages.map((p) => (
        <Button
          key={p.page}
          className="big-button big-button--ghost"
          onClick={() => Taro.navigateTo({ url: staffPageUrl(p.page, station) })}
        >
          {p.label}
        </Button>
      ))}
    </View>
  );
}
