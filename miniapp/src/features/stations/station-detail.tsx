import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { stationKindLabel } from '@shared/schemas/station';
import type { Session } from '@shared/schemas/session';
import { describeWeek } from '@shared/station-hours';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import { AmenityIcons } from './amenity-icons';
import { OpenBadge } from './open-badge';
import { MessageWall } from './message-wall';
import { ReportProblem } from './report-problem';
import { StaffStationControls } from './staff-station-controls';
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

export function StationDetail({ id, session }: { id: string; session: Session }) {
  const { data, error, loading, reload } = useRequest(() => api.getStation({ params: { stationId: id } }), [id]);
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  const { station, openState, orgName } = data!;
  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">{station.name}</Text>
        <Text className="page-header__sub">
          {stationKindLabel[station.kind]} · {orgName}
        </Text>
      </View>
      <View className="card">
        <View className="station-row__meta">
          <OpenBadge state={openState} />
          <Text className="muted station-row__address">{station.address}</Text>
        </View>
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
      <View className="card">
        <Text className="card__title">有什么</Text>
        <AmenityIcons list={station.amenities} withLabels />
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
      {station.photos.length ? (
        <View className="card">
          <Text className="card__title">照片</Text>
          <View className="photos">
            {station.photos.map((url) => (
              <Image
                key={url}
                className="photo"
                src={url}
                mode="aspectFill"
                onClick={() => Taro.previewImage({ urls: station.photos, current: url })}
              />
            ))}
          </View>
        </View>
      ) : null}
      {session.me.role !== 'worker' ? <StaffStationControls station={station} onChanged={reload} /> : null}
      <MessageWall stationId={station.id} />
      <ReportProblem stationId={station.id} />
    </View>
  );
}
