import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Map, Text, View } from '@tarojs/components';
import { areas } from '@shared/areas';
import { formatDistance } from '@shared/geo';
import type { NearbyStation } from '@shared/schemas/station';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { AmenityIcons } from './amenity-icons';
import { OpenBadge } from './open-badge';
import { filterChips, queryFor } from './filters';
import { currentPosition, type Position } from './location';
import './stations.css';

type Where = { status: 'locating' } | { status: 'located'; position: Position; label: string } | { status: 'denied' };

/** 驿站 tab: nearest stations to the worker (or to a chosen street), filter chips, distance and status. */
export function NearbyStations() {
  const [where, setWhere] = useState<Where>({ status: 'locating' });
  const [selected, setSelected] = useState<string[]>([]);

  const locate = () => {
    setWhere({ status: 'locating' });
    currentPosition().then(
      (position) => setWhere({ status: 'located', position, label: '您附近' }),
      () => setWhere({ status: 'denied' }),
    );
  };
  useEffect(locate, []);

  const toggle = (key: string) => setSelected((s) => (s.includes(key) ? s.filter((k) => k !== key) : [...s, key]));

  return (
    <View>
      <View className="chips" role="toolbar">
        {filterChips.map((chip) => (
          <View
            key={chip.key}
            className={selected.includes(chip.key) ? 'chip chip--on' : 'chip'}
            aria-pressed={selected.includes(chip.key)}
            onClick={() => toggle(chip.key)}
          >
            <Text>{chip.label}</Text>
          </View>
        ))}
      </View>
      {where.status === 'locating' ? <Loading text="正在获取您的位置…" /> : null}
      {where.status === 'denied' ? (
        <AreaPicker onPick={(position, label) => setWhere({ status: 'located', position, label })} onRetry={locate} />
      ) : null}
      {where.status === 'located' ? (
        <Results position={where.position} label={where.label} selected={selected} onChangeArea={() => setWhere({ status: 'denied' })} />
      ) : null}
    </View>
  );
}

function AreaPicker({ onPick, onRetry }: { onPick: (p: Position, label: string) => void; onRetry: () => void }) {
  return (
    <View className="card area-picker">
      <Text className="card__title">没能获取您的位置</Text>
      <Text className="muted">请在手机设置里允许定位后重试，或直接选择您所在的街道：</Text>
      <Button className="big-button area-picker__retry" onClick={onRetry}>
        重新定位
      </Button>
      <View className="area-picker__grid">
        {areas.map((a) => (
          <View key={a.orgId} className="area-picker__area" onClick={() => onPick({ ...a.center, coord: 'gcj02' }, a.name)}>
            <Text className="area-picker__name">{a.name}</Text>
            <Text className="area-picker__district">{a.district}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function Results({
  position,
  label,
  selected,
  onChangeArea,
}: {
  position: Position;
  label: string;
  selected: string[];
  onChangeArea: () => void;
}) {
  const { data, error, loading, reload } = useRequest(
    () =>
      api.findNearbyStations({
        query: { lat: position.lat, lng: position.lng, coord: position.coord, radius: 5000, limit: 20, ...queryFor(selected) },
      }),
    [position.lat, position.lng, selected.join()],
  );
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading text="正在查找附近驿站…" />;
  const stations = data!.stations;
  return (
    <View>
      <View className="results-head">
        <Text className="muted">
          {label} 5 公里内{selected.length ? '符合条件的' : ''}驿站 {stations.length} 个
        </Text>
        <Text className="link" onClick={onChangeArea}>
          换个地方
        </Text>
      </View>
      {process.env.TARO_ENV === 'weapp' && stations.length > 0 ? <StationMap position={position} stations={stations} /> : null}
      {stations.length === 0 ? (
        <EmptyState title="附近没有符合条件的驿站" hint={selected.length ? '少选几个条件试试' : '换个地方试试'} />
      ) : (
        stations.map((s) => <StationRow key={s.id} station={s} />)
      )}
    </View>
  );
}

function StationRow({ station }: { station: NearbyStation }) {
  return (
    <View
      className="card station-row"
      data-station={station.id}
      onClick={() => Taro.navigateTo({ url: `/pages/station/index?id=${station.id}` })}
    >
      <View className="station-row__top">
        <Text className="station-row__name">{station.name}</Text>
        <Text className="station-row__distance">{formatDistance(station.distanceMeters)}</Text>
      </View>
      <View className="station-row__meta">
        <OpenBadge state={station.openState} />
        <Text className="muted station-row__address">{station.address}</Text>
      </View>
      <AmenityIcons list={station.amenities} />
    </View>
  );
}

/** weapp only (H5 has no Map component): the stations as markers around the worker. */
function StationMap({ position, stations }: { position: Position; stations: NearbyStation[] }) {
  return (
    <Map
      className="station-map"
      latitude={position.lat}
      longitude={position.lng}
      scale={14}
      showLocation
      onError={() => undefined}
      markers={stations.map((s, i) => ({
        id: i,
        latitude: s.location.lat,
        longitude: s.location.lng,
        title: s.name,
        width: 28,
        height: 36,
        iconPath: '',
      }))}
      onMarkerTap={(e) => {
        const station = stations[Number((e.detail as { markerId: number }).markerId)];
        if (station) Taro.navigateTo({ url: `/pages/station/index?id=${station.id}` });
      }}
    />
  );
}
