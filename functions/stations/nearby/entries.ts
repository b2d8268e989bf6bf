import { createHash } from 'node:crypto';
import { Amenity, StationKind, StationStatus, type OpeningHours, type Station } from '../../../shared/schemas/station';
import { openStateAt } from '../../../shared/station-hours';

/**
 * What the nearby index keeps of a station, packed into short strings (docs/stations.md, "Nearby index"):
 *   tile entry (~22 characters): position (1e-7 degrees, exact), amenity bits, kind, status, the week's
 *     hours losslessly — all that filtering and ranking need;
 *   view entry (~150 bytes): id, name, address, honours — the rest of a list row — and a stamp of the
 *     tile entry it was written with, so a search can tell an edit that landed between its two reads.
 * Both are kept in maps under the station's short key (60 bits of a hash of its id).
 */
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEP = '\u001f'; // names and addresses cannot hold control characters (shared/schemas/common.ts)
const LIST_SEP = '\u001e';

function digits(value: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++, value = Math.floor(value / 64)) out = DIGITS[value % 64] + out;
  return out;
}

function number(text: string): number {
  let value = 0;
  for (const c of text) value = value * 64 + DIGITS.indexOf(c);
  return value;
}

export const shortKey = (stationId: string) => createHash('sha256').update(stationId).digest('base64url').slice(0, 10);

const kinds = StationKind.options;
const amenityList = Amenity.options;
const statuses = StationStatus.options;

const clockMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
const clockOf = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function packHours(hours: Pick<OpeningHours, 'allDay' | 'weekly'>): string {
  if (hours.allDay) return '*';
  const days = hours.weekly.map((day) => day.map((iv) => digits(clockMinutes(iv.open), 2) + digits(clockMinutes(iv.close), 2)).join(''));
  return days.every((d) => d === days[0]) ? `=${days[0]}` : days.join('.');
}

function unpackHours(text: string): Pick<OpeningHours, 'allDay' | 'weekly'> {
  if (text === '*') return { allDay: true, weekly: [[], [], [], [], [], [], []] };
  const days = text.startsWith('=') ? Array<string>(7).fill(text.slice(1)) : text.split('.');
  return {
    allDay: false,
    weekly: days.map((d) => {
      const intervals = [];
      for (let i = 0; i + 4 <= d.length; i += 4)
        intervals.push({ open: clockOf(number(d.slice(i, i + 2))), close: clockOf(number(d.slice(i + 2, i + 4))) });
      return intervals;
    }),
  };
}

export interface TileEntry {
  key: string;
  location: { lat: number; lng: number };
  amenities: Amenity[];
  kind: StationKind;
  status: StationStatus;
  hours: Pick<OpeningHours, 'allDay' | 'weekly'>;
}

export function packTile(station: Station): string {
  const bits = station.amenities.reduce((sum, a) => sum | (1 << amenityList.indexOf(a)), 0);
  return (
    digits(Math.round(station.location.lat * 1e7) + 900_000_000, 6) +
    digits(Math.round(station.location.lng * 1e7) + 1_800_000_000, 6) +
    digits(bits, 3) +
    DIGITS[kinds.indexOf(station.kind)] +
    DIGITS[statuses.indexOf(station.status)] +
    packHours(station.hours)
  );
}

export function unpackTile(key: string, text: string): TileEntry {
  const bits = number(text.slice(12, 15));
  return {
    key,
    location: { lat: (number(text.slice(0, 6)) - 900_000_000) / 1e7, lng: (number(text.slice(6, 12)) - 1_800_000_000) / 1e7 },
    amenities: amenityList.filter((_, i) => bits & (1 << i)),
    kind: kinds[DIGITS.indexOf(text[15]!)]!,
    status: statuses[DIGITS.indexOf(text[16]!)]!,
    hours: unpackHours(text.slice(17)),
  };
}

export interface ViewEntry {
  /** where the station was when written: the view splits by it */
  location: { lat: number; lng: number };
  id: string;
  name: string;
  address: string;
  honours: string[];
  /** of the tile entry written with it */
  stamp: string;
}

export const stampOf = (tile: string) => createHash('sha256').update(tile).digest('base64url').slice(0, 6);

export function packView(station: Station): string {
  const tile = packTile(station);
  return [stampOf(tile) + tile.slice(0, 12), station.id, station.name, station.address, station.honours.join(LIST_SEP)].join(SEP);
}

export function unpackView(text: string): ViewEntry {
  const [head, id, name, address, honours] = text.split(SEP) as [string, string, string, string, string];
  const { location } = unpackTile('', `${head.slice(6)}AAAAA*`);
  return { location, stamp: head.slice(0, 6), id, name, address, honours: honours ? honours.split(LIST_SEP) : [] };
}

/**
 * The hours when an openNow search reads a sparser layer than all stations: the evening hour
 * (21:00–22:00, layer `e`) and the night (22:00–06:00, layer `n`); 24 h stations also have a layer
 * of their own (`h`). Each window is the start minutes of its spans and a test for its minutes.
 */
export const WINDOWS = {
  e: { starts: [21 * 60], has: (minute: number) => minute >= 21 * 60 && minute < 22 * 60 },
  n: { starts: [22 * 60, 0], has: (minute: number) => minute >= 22 * 60 || minute < 6 * 60 },
} as const;
/** A Monday 00:00 in Beijing (2024-01-01T00:00+08:00): the week the window check walks through. */
const MONDAY = Date.UTC(2023, 11, 31, 16, 0);

/**
 * Open at some minute of a window on some day of the week — asked of the same open-now rule the
 * search uses, so the window's layer holds every station a search then can match. Where a station is
 * open in a window, it is open at the start of one of its spans or at one of its own opening times
 * that falls in it: those minutes are all that need asking.
 */
export function openInWindow(station: Pick<Station, 'hours' | 'status'>, window: keyof typeof WINDOWS): boolean {
  if (station.status !== 'open') return false;
  if (station.hours.allDay) return true;
  const { starts, has } = WINDOWS[window];
  for (let day = 0; day < 7; day++) {
    const opens = (station.hours.weekly[day] ?? []).map((iv) => clockMinutes(iv.open)).filter(has);
    for (const minute of [...starts, ...opens]) {
      const at = new Date(MONDAY + (day * 24 * 60 + minute) * 60_000);
      if (openStateAt(station.hours as OpeningHours, station.status, at) === 'open') return true;
    }
  }
  return false;
}
