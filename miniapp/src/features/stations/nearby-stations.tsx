import { useEffect, useRef, useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Button, Map, Text, View } from '@tarojs/components';
import { areas } from '@shared/areas';
import { formatDistance } from '@shared/geo';
import type { NearbyResult, NearbyStation } from '@shared/schemas/station';
import { api, ApiError } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { AmenityIcons } from './amenity-icons';
import { OpenBadge } from './open-badge';
import { LiveLine } from './live-status';
import { filterChips, queryFor } from './filters';
import { currentPosition, type Position } from './location';
import './stations.css';

const RADIUS_METERS = 5000;
/** said wherever the position is asked for (WeChat's permission prompt says the same: app.config.ts) */
export const LOCATION_PURPOSE = '用于查找离您最近的驿站，不保存您的位置';

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
      <Text className="muted location-purpose">{LOCATION_PURPOSE}</Text>
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

const PAGE_SIZE = 20;

/** One search's pages, farther and farther: the list grows as the worker scrolls, never stopping at 20. */
function useNearbyPages(position: Position, selected: string[]) {
  // the pages loaded after `base`, the first page of the search on screen
  const [pages, setPages] = useState<{ base?: NearbyResult; stations: NearbyStation[]; nextCursor?: string }>({ stations: [] });
  const [more, setMore] = useState<{ loading: boolean; error?: string }>({ loading: false });
  const key = `${position.lat},${position.lng},${position.coord},${selected.join()}`;
  const query = (cursor?: string) =>
    api.findNearbyStations({
      query: {
        lat: position.lat,
        lng: position.lng,
        coord: position.coord,
        radius: RADIUS_METERS,
        limit: PAGE_SIZE,
        cursor,
        ...queryFor(selected),
      },
    });
  const first = useRequest(() => query(), [key]);
  const base = first.data;
  const grown = base !== undefined && pages.base === base;
  const stations = grown ? pages.stations : (base?.stations ?? []);
  const nextCursor = grown ? pages.nextCursor : base?.nextCursor;
  const loadingKey = useRef<string | null>(null);
  const currentKey = useRef(key);
  currentKey.current = key;

  const loadMore = () => {
    // while a new search loads, the cursor on screen belongs to the old one
    if (!nextCursor || first.loading || loadingKey.current === nextCursor) return;
    loadingKey.current = nextCursor;
    setMore({ loading: true });
    query(nextCursor).then(
      (page) => {
        loadingKey.current = null;
        // a new search started meanwhile: this page belongs to the old one
        if (page && key === currentKey.current) setPages({ base, stations: [...stations, ...page.stations], nextCursor: page.nextCursor });
        setMore({ loading: false });
      },
      (error: unknown) => {
        loadingKey.current = null;
        setMore({ loading: false, error: error instanceof ApiError ? error.message : '加载失败，请重试' });
      },
    );
  };
  return { first, stations, nextCursor, more, loadMore };
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
  const { first, stations, nextCursor, more, loadMore } = useNearbyPages(position, selected);
  useReachBottom(loadMore);
  // a phone abroad (or a browser with a made-up position) is outside what the search covers: say so
  // in words and offer a street, rather than "提交的内容有误"
  if (first.error?.fieldErrors?.lat || first.error?.fieldErrors?.lng) {
    return (
      <View>
        <EmptyState title="您现在不在服务范围内" hint="工会驿站都在国内。可以选一个街道，看看那里的驿站" />
        <Button className="big-button" onClick={onChangeArea}>
          选择街道
        </Button>
      </View>
    );
  }
  if (first.error) return <ErrorState message={first.error.message} onRetry={first.reload} />;
  if (first.loading && !first.data) return <Loading text="正在查找附近驿站…" />;
  const what = selected.length ? '符合条件的驿站' : '驿站';
  return (
    <View>
      <View className="results-head">
        <Text className="results-head__count" data-count={stations.length}>
          {nextCursor
            ? `${label} 5 公里内的${what}，由近到远，已显示 ${stations.length} 个`
            : `${label} 5 公里内共 ${stations.length} 个${what}`}
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
      {nextCursor ? (
        more.loading ? (
          <View className="list-end" aria-busy="true">
            <Text>正在加载更多驿站…</Text>
          </View>
        ) : (
          <View className="list-more">
            {more.error ? <Text className="field-error">{more.error}</Text> : null}
            <Button className="big-button big-button--ghost list-more__button" onClick={loadMore}>
              加载更多驿站
            </Button>
          </View>
        )
      ) : stations.length > 0 ? (
        <View className="list-end">
          <Text>5 公里内的{what}都在这里了</Text>
        </View>
      ) : null}
    </View>
  );
}

/** The detail page shows how far the station is; the list knows, so it passes the distance along. */
export function stationUrl(station: { id: string }, distanceMeters?: number) {
  return `/pages/station/index?id=${station.id}${distanceMeters === undefined ? '' : `&distance=${Math.round(distanceMeters)}`}`;
}

function StationRow({ station }: { station: NearbyStation }) {
  return (
    <View
      className="card station-row"
      data-station={station.id}
      onClick={() => Taro.navigateTo({ url: stationUrl(station, station.distanceMeters) })}
    >
      <View className="station-row__top">
        <Text className="station-row__name">{station.name}</Text>
        <Text className="station-row__distance">{formatDistance(station.distanceMeters)}</Text>
      </View>
      <View className="station-row__meta">
        <OpenBadge state={station.openState} />
        <Text className="station-row__address">{station.address}</Text>
      </View>
      <LiveLine live={station.live} />
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
        if (station) Taro.navigateTo({ url: stationUrl(station, station.distanceMeters) });
      }}
    />
  );
}
