import type { Amenity, LatLng, OpeningHours } from '../../../shared/schemas/station';
import { distanceMeters } from '../../../shared/geo';
import { isOpen, openStateAt, shanghaiClock } from '../../../shared/station-hours';
import {
  bucketKey,
  cachedDirectories,
  nameOf,
  queryCells,
  type Directory,
  type IndexReadStats,
  type Layer,
} from '../../tables/station-index';
import { isLiveItem, ownerOfItem, type LiveItem } from '../../tables/station-live';
import { cellBits, cellBox, distanceToBox, leafOf, pointBits, regionOf, regionsNear } from './cells';
import { WINDOWS, stampOf, unpackTile, unpackView, type TileEntry, type ViewEntry } from './entries';

/**
 * The nearest stations that match, exactly as brute force would rank them (distance in whole
 * metres, then id), in usually two rounds of reads (docs/stations.md, "Nearby index"):
 *   1. the tiles of the leaf cells around the point, as many as the directory's counts say should
 *      hold enough matches, in one BatchGet; each station costs ~32 bytes there;
 *   2. the list views of the winners (and, when round 1 did not settle the answer, the missing
 *      tiles and every view that can hold a winner, in the same BatchGet).
 * Every station within `covered` metres has been read (all leaf cells nearer than that were), so
 * the answer is exact. A tile that says it split (the cached directory is older) refreshes the
 * directory and starts again; so does a view written after its tile was read.
 * The view Queries also return the live items of the stations in their cells (today's visits and
 * recent reports, tables/station-live.ts): each hit comes with its own, at no extra request.
 */
export interface NearbyFilter {
  amenities: Amenity[];
  openNow: boolean;
  allDay: boolean;
  now: Date;
}

export interface NearbyOptions {
  center: LatLng;
  radiusMeters: number;
  /** how many matches the caller wants, with their list rows */
  want: number;
  /** also tell whether there is one more (a next page), without reading its row */
  more?: boolean;
  filter: NearbyFilter;
  /** skip what an earlier page returned: strictly after (distance, id) */
  after?: { d: number; id: string };
  stats: IndexReadStats;
}

export interface NearbyHit {
  tile: TileEntry;
  view: ViewEntry;
  distanceMeters: number;
  /** its live items read with its view (none: no visit or report today or yesterday) */
  live: LiveItem[];
}

export class IndexBusyError extends Error {}

const MAX_ATTEMPTS = 4;
/**
 * Distances are whole metres (Math.round), as brute force ranks them: a station up to half a metre
 * past a cell's distance can still round to it, so reads reach that much farther.
 */
const ROUNDING = 0.5;
/** View cells read on speculation beside missing tiles, when their rows weigh at most this (1.5 read units); more wait for the winners. */
const SPECULATIVE_VIEW_BYTES = 12_288;
/** Round 1 reads the tiles that should hold 1.5 times the matches needed, and those within 1.6 times the area they should lie in. */
const COUNT_MARGIN = 1.5;
const AREA_MARGIN = 1.6;

export interface NearbyAnswer {
  hits: NearbyHit[];
  /** (asked with `more`) there are matches beyond these */
  more: boolean;
  coveredMeters: number;
}

export async function searchIndex(options: NearbyOptions): Promise<NearbyAnswer> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // a replica that has not seen a split or an edit yet catches up within moments
    if (attempt > 1) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    const answer = await tryOnce(options, attempt > 0);
    if (answer) return answer;
  }
  throw new IndexBusyError('the stations near this point kept changing');
}

/** The sparsest layer that holds every station the filter can match now. */
function layerFor({ openNow, allDay, now }: NearbyFilter): Layer {
  if (allDay) return 'h';
  if (!openNow) return 'a';
  const { minute } = shanghaiClock(now);
  return WINDOWS.e.has(minute) ? 'e' : WINDOWS.n.has(minute) ? 'n' : 'a';
}

function acceptor({ amenities, openNow, allDay, now }: NearbyFilter) {
  return (t: TileEntry) =>
    amenities.every((a) => t.amenities.includes(a)) &&
    (!openNow || isOpen(openStateAt(t.hours as OpeningHours, t.status, now))) &&
    (!allDay || (t.hours.allDay && t.status === 'open'));
}

/**
 * A first guess of the share of the layer's stations a filter keeps, to size round 1 (round 2 uses
 * what round 1 saw): about half have any one amenity; by day most are open, in the evening and night
 * layers about half of those read are open at the minute asked; the 24 h layer is all 24 h.
 */
function priorShare({ amenities, openNow }: NearbyFilter, layer: Layer): number {
  const open = !openNow || layer === 'h' ? 1 : layer === 'a' ? 0.8 : 0.5;
  return Math.max(0.02, 0.5 ** amenities.length * open);
}

type Leaf = { cell: string; distance: number; count: number; areaKm2: number };

function leavesNear(center: LatLng, radius: number, directories: Map<string, Directory>): Leaf[] {
  const leaves: Leaf[] = [];
  for (const directory of directories.values())
    for (const [cell, count] of directory) {
      const box = cellBox(cellBits(cell));
      const distance = distanceToBox(center, box);
      if (distance > radius + ROUNDING) continue;
      const heightKm = (box.maxLat - box.minLat) * 111.32;
      const widthKm = (box.maxLng - box.minLng) * 111.32 * Math.cos((center.lat * Math.PI) / 180);
      leaves.push({ cell, distance, count, areaKm2: heightKm * widthKm });
    }
  return leaves.sort((a, b) => a.distance - b.distance);
}

/**
 * The leaves round 1 reads: those nearest the point until their counts promise `want` matches, then
 * every leaf nearer than the radius those matches are expected within (with a margin), so the
 * answer is usually settled without a second round of tiles.
 */
function firstLeaves(leaves: Leaf[], want: number, share: number, afterMeters: number): Leaf[] {
  let expected = 0;
  let area = 0;
  let n = 0;
  while (n < leaves.length && (n === 0 || expected < want * COUNT_MARGIN || leaves[n]!.distance <= afterMeters)) {
    expected += leaves[n]!.count * share;
    area += leaves[n]!.areaKm2;
    n++;
  }
  const density = expected / Math.max(area, 1e-6); // matches a km²
  const reachKm = Math.sqrt((want * AREA_MARGIN) / (Math.PI * Math.max(density, 1e-9)) + (afterMeters / 1000) ** 2);
  return leaves.filter((l, i) => i < n || l.distance <= reachKm * 1000);
}

type Candidate = { tile: TileEntry; text: string; d: number; bits: string };

async function tryOnce(options: NearbyOptions, refresh: boolean): Promise<NearbyAnswer | null> {
  const { center, radiusMeters: radius, want, filter, after, stats } = options;
  // certainty is needed for one more than the page when the caller asks whether there is more
  const need = want + (options.more ? 1 : 0);
  const layer = layerFor(filter);
  const accept = acceptor(filter);
  const regions = regionsNear(center, radius + ROUNDING);
  const waits = stats.directoryWaits;
  const [tileDirs, viewDirs] = await Promise.all([
    cachedDirectories('t', layer, regions, stats, refresh),
    cachedDirectories('w', layer, regions, stats, refresh),
  ]);
  // a container's first search near here (or one after a split) waits for the directories
  if (stats.directoryWaits > waits) stats.rounds += 1;
  const viewLeafOf = (bits: string) => {
    for (const directory of viewDirs.values()) {
      const leaf = leafOf(directory, bits);
      if (leaf) return leaf;
    }
    return regionOf(bits);
  };
  const leaves = leavesNear(center, radius, tileDirs);
  const read = new Set<string>();
  const candidates = new Map<string, Candidate>();
  const views = new Map<string, Map<string, string>>(); // view bucket → its entries
  const live = new Map<string, LiveItem[]>(); // `<point bits>#<short key>` → its live items, from the views read
  let seen = 0;
  const isAfter = (c: Candidate) => !after || c.d > after.d; // ties at after.d are settled by id once their views are read

  let toRead = firstLeaves(leaves, need, priorShare(filter, layer), after?.d ?? 0);
  let viewsToRead: string[] = [];
  // every round reads at least one unread leaf, or ends the search: it ends
  for (let widened = 0; ;) {
    const round = await readRound(
      layer,
      toRead.map((l) => l.cell),
      viewsToRead.filter((v) => !views.has(v)),
      tileDirs,
      viewDirs,
      stats,
    );
    if (!round) return null; // the directory is older than a split: read it again
    for (const cell of round.tileCells) {
      if (read.has(cell)) continue;
      read.add(cell);
      for (const [key, value] of entriesOf(round.items.get(bucketKey('t', layer, cell)))) {
        seen++;
        const tile = unpackTile(key, value);
        const d = Math.round(distanceMeters(center, tile.location));
        if (d <= radius && accept(tile)) candidates.set(key, { tile, text: value, d, bits: pointBits(tile.location) });
      }
    }
    for (const cell of round.viewCells) views.set(cell, new Map(entriesOf(round.items.get(bucketKey('w', layer, cell)))));
    for (const item of round.live) {
      const owner = ownerOfItem(item);
      const list = live.get(owner) ?? [];
      // a cell read twice (a later round's gap) returns the same items again
      if (!list.some((l) => l.sk === item.sk)) live.set(owner, [...list, item]);
    }

    const unread = leaves.filter((l) => !read.has(l.cell));
    // every station nearer than `covered` metres has been read; one `d` away (rounded) is sure
    // when nothing unread can round to `d` or less
    const covered = unread[0]?.distance ?? Infinity;
    const ranked = [...candidates.values()].filter(isAfter).sort((a, b) => a.d - b.d);
    const sure = ranked.filter((c) => c.d + ROUNDING <= covered);
    const settled = sure.length >= need || covered === Infinity;
    // the page's rows: a cut between equal distances is made by id, so every candidate at the cut
    // distance (and at the cursor's) needs its row
    const pageCut = (settled ? sure : ranked)[want - 1]?.d ?? Infinity;
    const winners = [
      ...(after ? [...candidates.values()].filter((c) => c.d === after.d) : []),
      ...(settled ? sure : ranked).filter((c) => c.d <= pageCut),
    ];
    const missingViews = [...new Set(winners.map((w) => viewLeafOf(w.bits)))].filter((v) => !views.has(v));
    if (settled && missingViews.length === 0) {
      const beyond = sure.filter((c) => c.d > pageCut).length;
      return finish(winners, views, live, viewLeafOf, after, want, beyond, Math.min(radius, covered));
    }
    if (settled) {
      toRead = [];
      viewsToRead = missingViews;
      continue;
    }
    if (ranked.length >= need) {
      // enough matches, not all sure: the tiles nearer than the last one needed, the views of the
      // rows as they stand (new tiles only add stations past `covered`, so most stay) and, when
      // light, every view that can hold a row of the page: a third round only if a row changed
      toRead = unread.filter((l) => l.distance <= ranked[need - 1]!.d + ROUNDING);
      viewsToRead = [...missingViews, ...lightViews(viewLeavesWithin(center, pageCut + ROUNDING, viewDirs), viewDirs)];
      continue;
    }
    // too few matches yet: widen once by the density of matches seen; then (or when none was seen)
    // read everything left within the radius, which the radius bounds. The rows found so far are
    // likely rows of the page, and the page will lie within what is read by then: their views come
    // along (all of them when light, as in a sparse area), saving a round.
    const share = candidates.size / Math.max(seen, 1);
    toRead = widened++ === 0 && candidates.size > 0 ? firstLeaves(unread, need - ranked.length, share, 0) : unread;
    const next = new Set(toRead.map((l) => l.cell));
    const reach = unread.find((l) => !next.has(l.cell))?.distance ?? radius + ROUNDING;
    viewsToRead = [...missingViews, ...lightViews(viewLeavesWithin(center, reach, viewDirs), viewDirs)];
  }
}

/** These view cells, if their rows weigh little enough to read on speculation; else none. */
function lightViews(cells: string[], viewDirs: Map<string, Directory>): string[] {
  const weight = cells.reduce((sum, cell) => sum + (viewDirs.get(cell.slice(0, 3))?.get(cell) ?? 0) * ENTRY_BYTES.w, 0);
  return weight <= SPECULATIVE_VIEW_BYTES ? cells : [];
}

/** Every view leaf a winner within `meters` can be in. */
function viewLeavesWithin(center: LatLng, meters: number, viewDirs: Map<string, Directory>): string[] {
  const found: string[] = [];
  for (const directory of viewDirs.values())
    for (const cell of directory.keys()) if (distanceToBox(center, cellBox(cellBits(cell))) <= meters) found.push(cell);
  return found;
}

const entriesOf = (item: Record<string, unknown> | undefined) =>
  Object.entries(item ?? {}).filter(([k]) => !['pk', 'sk', 'v', 'split'].includes(k)) as [string, string][];

/** A directory's leaves in the order of their bits, as the table sorts them (kept with the cached directory). */
const ordered = new WeakMap<Directory, { cell: string; bits: string; count: number }[]>();
function inOrder(directory: Directory) {
  let leaves = ordered.get(directory);
  if (!leaves) {
    leaves = [...directory].map(([cell, count]) => ({ cell, bits: cellBits(cell), count })).sort((a, b) => (a.bits < b.bits ? -1 : 1));
    ordered.set(directory, leaves);
  }
  return leaves;
}

/** Bytes a station takes in a tile and in a view, to weigh a gap between two wanted cells. */
const ENTRY_BYTES = { t: 34, w: 190 };
/** A gap lighter than this is read with its neighbours: cheaper than a Query more (≥ half a read unit). */
const GAP_BYTES = 2048;

/**
 * One round: the wanted cells of each region as runs of neighbours in bit order, one Query a run,
 * all sent together. A light gap of unwanted cells between two wanted ones is read too (its tiles
 * count as read). Null when what came back shows the cached directory is older than a split.
 */
async function readRound(
  layer: Layer,
  tileCells: string[],
  viewCells: string[],
  tileDirs: Map<string, Directory>,
  viewDirs: Map<string, Directory>,
  stats: IndexReadStats,
): Promise<{ items: Map<string, Record<string, unknown>>; live: LiveItem[]; tileCells: string[]; viewCells: string[] } | null> {
  stats.rounds += 1;
  const queries: Promise<Record<string, unknown>[]>[] = [];
  const covered = { t: [] as string[], w: [] as string[] };
  for (const [kind, cells, dirs] of [
    ['t', tileCells, tileDirs],
    ['w', viewCells, viewDirs],
  ] as const) {
    for (const region of new Set(cells.map((c) => c.slice(0, 3)))) {
      const leaves = inOrder(dirs.get(region) ?? new Map([[region, 0]]));
      const wanted = new Set(cells.filter((c) => c.startsWith(region)));
      const at = leaves.flatMap((l, i) => (wanted.has(l.cell) ? [i] : []));
      let start = at[0]!;
      let end = start;
      const flush = () => {
        covered[kind].push(...leaves.slice(start, end + 1).map((l) => l.cell));
        queries.push(queryCells(kind, layer, leaves[start]!.cell, leaves[end]!.cell, stats, { withLive: kind === 'w' }));
      };
      for (const i of at.slice(1)) {
        const gap = leaves.slice(end + 1, i).reduce((sum, l) => sum + l.count * ENTRY_BYTES[kind], 0);
        if (gap <= GAP_BYTES) end = i;
        else {
          flush();
          start = end = i;
        }
      }
      if (at.length > 0) flush();
    }
  }
  const items = new Map<string, Record<string, unknown>>();
  const live: LiveItem[] = [];
  const known = new Set([...covered.t.map((c) => bucketKey('t', layer, c)), ...covered.w.map((c) => bucketKey('w', layer, c))]);
  for (const item of (await Promise.all(queries)).flat()) {
    // a station's live items lie among the cells, keyed by its point: not cells, never split
    if (isLiveItem(item)) {
      live.push(item as LiveItem);
      continue;
    }
    const name = nameOf(item);
    // the cached directory is older than a split when a cell it holds as a leaf says split, or a
    // cell it does not know has stations; the markers of splits it knows lie between its leaves
    if (item.split) {
      if (known.has(name)) return null;
      continue;
    }
    if (!known.has(name)) return null;
    items.set(name, item);
  }
  return { items, live, tileCells: covered.t, viewCells: covered.w };
}

function finish(
  winners: Candidate[],
  views: Map<string, Map<string, string>>,
  live: Map<string, LiveItem[]>,
  viewLeafOf: (bits: string) => string,
  after: { d: number; id: string } | undefined,
  want: number,
  /** sure matches past the page's rows (their rows not read) */
  beyond: number,
  covered: number,
): NearbyAnswer | null {
  const hits: NearbyHit[] = [];
  for (const w of new Map(winners.map((c) => [c.tile.key, c])).values()) {
    const text = views.get(viewLeafOf(w.bits))?.get(w.tile.key);
    if (!text) return null; // the view moved after its tile was read: read both again
    const view = unpackView(text);
    // an edit that landed between the two reads: the tile and the view must be of the same write
    if (view.stamp !== stampOf(w.text)) return null;
    // keyed by the point too: the items a station left behind where it stood before a move are not its own
    hits.push({ tile: w.tile, view, distanceMeters: w.d, live: live.get(`${w.bits}#${w.tile.key}`) ?? [] });
  }
  const ordered = hits
    .filter((h) => !after || h.distanceMeters > after.d || (h.distanceMeters === after.d && h.view.id > after.id))
    .sort((a, b) => a.distanceMeters - b.distanceMeters || a.view.id.localeCompare(b.view.id));
  return { hits: ordered.slice(0, want), more: ordered.length + beyond > want, coveredMeters: Math.round(covered) };
}
