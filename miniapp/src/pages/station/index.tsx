import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../features/auth/session-gate';
import { StationDetail } from '../../features/stations/station-detail';
import { doorFromLaunch } from '../../features/stations/door-launch';

export default function StationPage() {
  const { params } = useRouter();
  // the list passes how far the station is (metres); opened from a shared link there is none
  const distance = params.distance ? Number(params.distance) : undefined;
  // opened from the door's QR (?id&door, or weapp's ?q with the poster's URL): the visit is counted
  const { stationId, door } = doorFromLaunch(params);
  return <SessionGate>{(session) => <StationDetail id={stationId} distance={distance} door={door} session={session} />}</SessionGate>;
}
