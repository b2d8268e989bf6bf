import { distanceMeters } from '../../../shared/geo';
import type { LatLng } from '../../../shared/schemas/station';

/**
 * Cells of the nearby index as geohash **bit** prefixes: bit 0 halves the longitude, bit 1 the
 * latitude, and so on, as in a geohash. A cell that grows too full splits into its two halves, so a
 * cell holds between about half and all of its capacity wherever the stations are dense, and stays
 * large where they are sparse (docs/stations.md, "Nearby index").
 *
 * A cell is named by its geohash characters and the 0–4 bits left over: `wx4g0` or `wx4g0:101`.
 * Regions are geohash-3 cells (15 bits, ~120 × 156 km in Beijing): each has its own directory.
 */
const REGION_BITS = 15;
/** Deep enough for two stations a metre apart; a cell never splits past it. */
export const MAX_BITS = 50;
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** The bits of a point, MAX_BITS long. */
export function pointBits({ lat, lng }: LatLng): string {
  const lngRange = [-180, 180];
  const latRange = [-90, 90];
  let bits = '';
  for (let i = 0; i < MAX_BITS; i++) {
    const [range, value] = i % 2 === 0 ? [lngRange, lng] : [latRange, lat];
    const mid = (range[0]! + range[1]!) / 2;
    const up = value >= mid;
    bits += up ? '1' : '0';
    range[up ? 0 : 1] = mid;
  }
  return bits;
}

export function cellName(bits: string): string {
  const whole = bits.length - (bits.length % 5);
  let name = '';
  for (let i = 0; i < whole; i += 5) name += BASE32[parseInt(bits.slice(i, i + 5), 2)];
  return whole === bits.length ? name : `${name}:${bits.slice(whole)}`;
}

export function cellBits(name: string): string {
  const [chars, rest = ''] = name.split(':');
  let bits = '';
  for (const c of chars!) bits += BASE32.indexOf(c).toString(2).padStart(5, '0');
  return bits + rest;
}

export const regionOf = (bits: string) => cellName(bits.slice(0, REGION_BITS));

export interface Box {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

export function cellBox(bits: string): Box {
  const box = { minLat: -90, maxLat: 90, minLng: -180, maxLng: 180 };
  for (let i = 0; i < bits.length; i++) {
    const up = bits[i] === '1';
    if (i % 2 === 0) {
      const mid = (box.minLng + box.maxLng) / 2;
      if (up) box.minLng = mid;
      else box.maxLng = mid;
    } else {
      const mid = (box.minLat + box.maxLat) / 2;
      if (up) box.minLat = mid;
      else box.maxLat = mid;
    }
  }
  return box;
}

/**
 * Metres from a point to the nearest point of a box (0 inside it), less 5 cm: nothing in the box is
 * nearer. Clamping keeps the point's latitude, while the nearest point of a box's side lies on a
 * great circle a little off it: at 20 km that makes up to ~2 cm, which the 5 cm cover.
 */
export function distanceToBox(point: LatLng, box: Box): number {
  const lat = Math.min(Math.max(point.lat, box.minLat), box.maxLat);
  const lng = Math.min(Math.max(point.lng, box.minLng), box.maxLng);
  return lat === point.lat && lng === point.lng ? 0 : Math.max(0, distanceMeters(point, { lat, lng }) - 0.05);
}

/** The regions (geohash-3 names) a circle touches. */
export function regionsNear(center: LatLng, radiusMeters: number): string[] {
  const dLat = radiusMeters / 111_000 + 0.01;
  const dLng = radiusMeters / (111_000 * Math.max(0.2, Math.cos((center.lat * Math.PI) / 180))) + 0.01;
  const names = new Set<string>();
  // region cells are ≥ 1.4° wide: corners and the centre reach every one the box touches
  for (const lat of [center.lat - dLat, center.lat, center.lat + dLat])
    for (const lng of [center.lng - dLng, center.lng, center.lng + dLng]) {
      const bits = pointBits({ lat: Math.max(-89.9, Math.min(89.9, lat)), lng });
      if (distanceToBox(center, cellBox(bits.slice(0, REGION_BITS))) <= radiusMeters) names.add(regionOf(bits));
    }
  return [...names];
}

/** The cell of a directory's leaves that holds a point (the longest leaf prefix of its bits), if any. */
export function leafOf(leaves: ReadonlyMap<string, unknown>, bits: string): string | undefined {
  for (let n = Math.min(bits.length, MAX_BITS); n >= REGION_BITS; n--) {
    const name = cellName(bits.slice(0, n));
    if (leaves.has(name)) return name;
  }
  return undefined;
}
