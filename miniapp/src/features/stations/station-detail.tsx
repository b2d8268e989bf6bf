import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { stationKindLabel, type Station } from '@shared/schemas/station';
import type { LiveSummary } from '@shared/schemas/live';
import type { Session } from '@shared/schemas/session';
import { describeWeek, openStateAt } from '@shared/station-hours';
import { distanceMeters, formatDistance } from '@shared/geo';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import { AmenityIcons } from './amenity-icons';
import { OpenBadge } from './open-badge';
import { MessageWall } from './message-wall';
import { ReportProblem } from './report-problem';
import { StaffStationControls } from './staff-station-controls';
import { PhotoStrip } from './photo-strip';
import { currentPosition, toGcj02 } from './location';
import { openBadgeLabel, todayHoursText } from './today-hours';
import { LiveStatusCard } from './live-status';
import { useDoorVisit, type DoorVisit } from './door-visit';
import { superviseUrls } from '../supervise/urls';
import { inspectedOn } from '../supervise/inspected-on';
import './stations.css';

/** 去这里: WeChat's own map with GCJ-02 on weapp; on H5 the Amap page, which also takes GCJ-02. */
function navigate(name: string, address: string, lat: number, lng: number) {
  if (process.env.TARO_ENV === 'weapp') {
    Taro.openLocation({ latitude: lat, longitude: lng, name, address, scale: 16 });
  } else {
    window.open(
      `https://uri.amap.com/marker?position=${lng},${lat}&name=${encodeURIComponent(name)}&coordinate=gaode&callnative=1`,
      '_blank',
    );
  }
}

/**
 * How far away the station is: the list passes its distance along; opened any other way (a shared
 * link), from the phone's position. Undefined while unknown or when location is refused.
 */
function useDistance(station: Station | undefined, passed: number | undefined): number | undefined {
  const [measured, setMeasured] = useState<number | undefined>();
  const known = passed !== undefined && Number.isFinite(passed);
  useEffect(() => {
    if (known || !station) return;
    let live = true;
    currentPosition().then(
      (p) => live && setMeasured(distanceMeters(toGcj02(p), station.location)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [known, station]);
  return known ? passed : measured;
}

/** Opened from the door's QR and the visit was not recorded: said gently, above the station as usual. */
function DoorNotice({ visit }: { visit: DoorVisit }) {
  if (!visit.problem) return null;
  return (
    <View className="card door-notice" role="status">
      <Text className="door-notice__text">没有记录这次到访：{visit.problem}</Text>
      <Text className="muted">驿站信息照常可以查看。</Text>
      {visit.retry ? (
        <Button className="big-button big-button--ghost door-notice__retry" onClick={visit.retry}>
          重新记录到访
        </Button>
      ) : null}
    </View>
  );
}

/** Staff and inspections keep a station's facts true; one nobody confirmed for 90 days says so. */
function Verification({ verification }: { verification: { lastInspectedAt?: string; lastScore?: number; unverified: boolean } }) {
  const last = verification.lastInspectedAt
    ? `上次检查 ${inspectedOn(verification.lastInspectedAt)}${verification.lastScore === undefined ? '' : ` · ${verification.lastScore} 分`}`
    : null;
  if (!verification.unverified && !last) return null;
  return (
    <View className="verification">
      {verification.unverified ? <Text className="verification__mark">90 天未核实</Text> : null}
      {last ? <Text className="verification__last">{last}</Text> : null}
    </View>
  );
}

export function StationDetail({
  id,
  distance,
  door = null,
  session,
}: {
  id: string;
  distance?: number;
  door?: string | null;
  session: Session;
}) {
  const { data, error, loading, reload } = useRequest(() => api.getStation({ params: { stationId: id } }), [id]);
  const meters = useDistance(data?.station, distance);
  const visit = useDoorVisit(id, door);
  // a tap's answer stands for the detail it was given on; a reload brings the server's own
  const [answer, setAnswer] = useState<{ on: unknown; live: LiveSummary } | null>(null);
  if (error)
    return (
      <View>
        <DoorNotice visit={visit} />
        <ErrorState message={error.message} onRetry={reload} />
      </View>
    );
  if (loading && !data) return <Loading />;
  const { station, orgName, verification, supervising } = data!;
  const shownLive = answer && answer.on === data ? answer.live : data!.live;
  // the visit just counted may be newer than the detail's count (or older, when the detail came later)
  const live = { ...shownLive, todayVisits: Math.max(shownLive.todayVisits, visit.todayVisits ?? 0) };
  // the badge and the words below it read one clock, so they never disagree; Beijing time either way
  const now = new Date();
  const openState = openStateAt(station.hours, station.status, now);
  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">{station.name}</Text>
        <Text className="page-header__sub">
          {stationKindLabel[station.kind]} · {orgName}
        </Text>
        <Verification verification={verification} />
      </View>
      <DoorNotice visit={visit} />
      <View className="card station-facts">
        <View className="station-facts__today">
          <OpenBadge state={openState} label={openBadgeLabel(station.hours, openState, now)} />
          <Text className="station-facts__hours">{todayHoursText(station.hours, station.status, now)}</Text>
        </View>
        <Text className="station-facts__address">{station.address}</Text>
        {meters !== undefined ? <Text className="station-facts__distance">距您 {formatDistance(meters)}</Text> : null}
        {station.honours.length ? <Text className="notice">荣誉：{station.honours.join('、')}</Text> : null}
      </View>
      <View className="detail-actions">
        <Button className="big-button" onClick={() => navigate(station.name, station.address, station.location.lat, station.location.lng)}>
          去这里
        </Button>
        {station.managerPhone ? (
          <Button className="big-button big-button--ghost" onClick={() => Taro.makePhoneCall({ phoneNumber: station.managerPhone! })}>
            打电话
          </Button>
        ) : null}
      </View>
      <LiveStatusCard stationId={station.id} live={live} onAnswer={(next) => setAnswer({ on: data, live: next })} />
      {supervising ? (
        <View className="card supervise-card">
          <Text className="card__title">义务监督</Text>
          <Text className="muted">您是这个驿站的义务监督员：到驿站现场（200 米内）按七有标准检查。</Text>
          <Button
            className="big-button supervise-card__inspect"
            onClick={() => Taro.navigateTo({ url: superviseUrls.inspect(station.id) })}
          >
            检查驿站
          </Button>
          <Button
            className="big-button big-button--ghost"
            onClick={() => Taro.navigateTo({ url: superviseUrls.history(station.id, station.name) })}
          >
            检查记录
          </Button>
        </View>
      ) : null}
      <View className="card">
        <Text className="card__title">有什么</Text>
        {station.amenities.length > 0 ? <AmenityIcons list={station.amenities} large /> : <Text className="muted">暂无登记的设施</Text>}
      </View>
      <View className="card">
        <Text className="card__title">开放时间</Text>
        {describeWeek(station.hours).map((row) => (
          <View key={row.day} className="hours-row">
            <Text>{row.day}</Text>
            <Text>{row.text}</Text>
          </View>
        ))}
        {station.hours.holidayNote ? <Text className="muted">{station.hours.holidayNote}</Text> : null}
      </View>
      {/* as workers see it: photos WeChat's picture check has not passed are for the editor (staff only) */}
      <PhotoStrip photos={data!.gallery.filter((p) => !p.contentCheck)} />
      {session.me.role !== 'worker' ? <StaffStationControls station={station} onChanged={reload} /> : null}
      <MessageWall stationId={station.id} />
      <ReportProblem stationId={station.id} />
    </View>
  );
}
