import ngeohash from 'ngeohash';
import type { LatLng, Station } from '../../shared/schemas/station';
import { distanceMeters } from '../../shared/geo';
import type { ReadStats } from '../tables/stations';

/**
 * Nearest stations by true distance, read with key queries only.
 *
 * Rings of geohash-6 cells (~0.9 × 0.6 km in Beijing) grow around the point; each ring's new cells are
 * grouped by their geohash-5 parent and merged into runs that are one Query each (BETWEEN on the
 * index's range key). After each ring we know every station within `covered` metres (the distance
 * from the point to the nearest edge of the searched rectangle), so we stop as soon as enough
 * matches lie inside it, or it reaches the radius. Results are exact: nothing nearer can be missed.
 */
export const RING_PRECISION = 6;
const PARENT_PRECISION = 5;
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';
const METERS_PER_DEGREE_LAT = 111_320;

export type FetchRange = (cell5: string, from: string, to: string, stats: ReadStats) => Promise<Station[]>;

export interface SearchOptions {
  center: LatLng;
  radiusMeters: number;
  /** how many matches the caller needs (one more than a page, to know whether there is a next one) */
  want: number;
  accept: (station: Station) => boolean;
  /** skip what an earlier page returned: strictly after (distance, id) */
  after?: { d: number; id: string };
  fetchRange: FetchRange;
  stats?: ReadStats;
}

export interface Hit {
  station: Station;
  distanceMeters: number;
}

/**
 * Runs of consecutive sub-cells (in geohash order) per parent cell: each run is one Query. Where a
 * parent would need more than `maxRuns` queries, the whole parent is read in one: a few more items,
 * far fewer round trips (this matters in sparse areas, where the rings grow wide).
 */
export function planQueries(cells: string[], maxRuns = 2): { cell5: string; from: string; to: string }[] {
  const byParent = new Map<string, number[]>();
  for (const cell of cells) {
    const parent = cell.slice(0, PARENT_PRECISION);
    byParent.set(parent, [...(byParent.get(parent) ?? []), BASE32.indexOf(cell[PARENT_PRECISION]!)]);
  }
  const plan: { cell5: string; from: string; to: string }[] = [];
  for (const [parent, indexes] of byParent) {
    indexes.sort((a, b) => a - b);
    const runs: { cell5: string; from: string; to: string }[] = [];
    let start = indexes[0]!;
    let prev = start;
    for (const index of [...indexes.slice(1), Infinity]) {
      if (index === prev + 1) {
        prev = index;
        continue;
      }
      runs.push({ cell5: parent, from: parent + BASE32[start], to: parent + BASE32[prev] });
      start = prev = index;
    }
    plan.push(...(runs.length > maxRuns ? [{ cell5: parent, from: `${parent}0`, to: `${parent}z` }] : runs));
  }
  return plan;
}

function rectangle(center: LatLng, ring: number) {
  const [minLat, minLng, maxLat, maxLng] = ngeohash.decode_bbox(ngeohash.encode(center.lat, center.lng, RING_PRECISION));
  const dLat = maxLat - minLat;
  const dLng = maxLng - minLng;
  return {
    minLat: minLat - ring * dLat,
    minLng: minLng - ring * dLng,
    maxLat: maxLat + ring * dLat,
    maxLng: maxLng + ring * dLng,
    dLat,
    dLng,
  };
}

/** Distance from the point to the nearest edge of the rectangle: everything within it has been read. */
function coveredMeters(center: LatLng, r: ReturnType<typeof rectangle>): number {
  const perDegreeLng = METERS_PER_DEGREE_LAT * Math.cos((center.lat * Math.PI) / 180);
  return Math.min(
    (center.lat - r.minLat) * METERS_PER_DEGREE_LAT,
    (r.maxLat - center.lat) * METERS_PER_DEGREE_LAT,
    (center.lng - r.minLng) * perDegreeLng,
    (r.maxLng - center.lng) * perDegreeLng,
  );
}

function cellsIn(r: ReturnType<typeof rectangle>): string[] {
  // shrink by a tenth of a cell so cells that only touch the edge are not included
  const eLat = r.dLat / 10;
  const eLng = r.dLng / 10;
  return ngeohash.bboxes(r.minLat + eLat, r.minLng + eLng, r.maxLat - eLat, r.maxLng - eLng, RING_PRECISION);
}

const isAfter = (hit: Hit, after?: { d: number; id: string }) =>
  !after || hit.distanceMeters > after.d || (hit.distanceMeters === after.d && hit.station.id > after.id);

export async function searchNearby(options: SearchOptions): Promise<{ hits: Hit[]; coveredMeters: number; stats: ReadStats }> {
  const stats = options.stats ?? { requests: 0, itemsRead: 0 };
  const queried = new Set<string>();
  const hits = new Map<string, Hit>();
  let ring = 1;
  for (;;) {
    const r = rectangle(options.center, ring);
    // a parent read whole covers all its sub-cells: remember them so they are not read again
    const fresh = cellsIn(r).filter((c) => !queried.has(c));
    const plan = planQueries(fresh);
    for (const q of plan)
      for (let i = BASE32.indexOf(q.from[PARENT_PRECISION]!); i <= BASE32.indexOf(q.to[PARENT_PRECISION]!); i++)
        queried.add(q.cell5 + BASE32[i]);
    const batches = await Promise.all(plan.map((q) => options.fetchRange(q.cell5, q.from, q.to, stats)));
    for (const station of batches.flat()) {
      const d = Math.round(distanceMeters(options.center, station.location));
      if (d <= options.radiusMeters && options.accept(station)) hits.set(station.id, { station, distanceMeters: d });
    }
    const covered = Math.min(coveredMeters(options.center, r), options.radiusMeters);
    const sure = [...hits.values()].filter((h) => h.distanceMeters <= covered && isAfter(h, options.after));
    if (sure.length >= options.want || covered >= options.radiusMeters) {
      sure.sort((a, b) => a.distanceMeters - b.distanceMeters || a.station.id.localeCompare(b.station.id));
      return { hits: sure.slice(0, options.want), coveredMeters: Math.round(covered), stats };
    }
    // Grow by what this ring says about the density: the area needed scales with want / found,
    // so the radius scales with its square root (with a margin). An empty ring jumps far at once.
    const factor = Math.max(1.5, 1.2 * Math.sqrt(options.want / Math.max(sure.length, 0.25)));
    ring = Math.max(ring + 1, Math.ceil(ring * factor));
  }
}
