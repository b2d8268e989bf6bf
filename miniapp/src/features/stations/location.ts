import Taro from '@tarojs/taro';
import { toGcj02 as convert } from '@shared/geo';

export interface Position {
  lat: number;
  lng: number;
  /** WeChat can give GCJ-02 directly; a browser gives WGS-84 (the server converts) */
  coord: 'gcj02' | 'wgs84';
}

/**
 * The phone's position, or an error the screen turns into the area picker. `precise` (an inspection,
 * checked within 200 m) asks for the GPS fix and gives up after 10 s rather than wait on forever.
 */
export async function currentPosition({ precise = false }: { precise?: boolean } = {}): Promise<Position> {
  const weapp = process.env.TARO_ENV === 'weapp';
  const reply = await Taro.getLocation({
    type: weapp ? 'gcj02' : 'wgs84',
    isHighAccuracy: precise,
    ...(precise ? { highAccuracyExpireTime: 10_000 } : {}),
  });
  // H5 builds may resolve a failure with only errMsg: check the numbers
  if (typeof reply?.latitude !== 'number' || typeof reply?.longitude !== 'number') throw new Error(reply?.errMsg ?? 'no position');
  return { lat: reply.latitude, lng: reply.longitude, coord: weapp ? 'gcj02' : 'wgs84' };
}

/** Stations are stored in GCJ-02; a browser's WGS-84 position is ~500 m off in Beijing until converted. */
export function toGcj02(position: Position): { lat: number; lng: number } {
  return convert(position.lat, position.lng, position.coord);
}
