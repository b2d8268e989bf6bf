import gcoord from 'gcoord';
import type { LatLng } from './schemas/station';

/**
 * Stations are stored in GCJ-02 (WeChat maps use it); a browser gives WGS-84, ~500 m off in Beijing
 * until converted. gcoord shifts only points inside China, as the offset requires.
 */
export function toGcj02(lat: number, lng: number, coord: 'wgs84' | 'gcj02'): LatLng {
  if (coord === 'gcj02') return { lat, lng };
  const [gLng, gLat] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02);
  return { lat: gLat!, lng: gLng! };
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine); exact enough for walking distances. */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "350 米" or "1.2 公里". */
export function formatDistance(meters: number): string {
  return meters < 1000 ? `${Math.round(meters / 10) * 10} 米` : `${(meters / 1000).toFixed(1)} 公里`;
}
