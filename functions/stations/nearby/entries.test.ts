import fc from 'fast-check';
import ngeohash from 'ngeohash';
import { Amenity, StationKind, type OpeningHours, type Station } from '../../../shared/schemas/station';
import { openStateAt } from '../../../shared/station-hours';
import { hasControlCharacters } from '../../../shared/schemas/common';
import { cellBits, cellBox, cellName, distanceToBox, pointBits, regionOf, regionsNear } from './cells';
import { openInWindow, packTile, packView, unpackTile, unpackView, WINDOWS } from './entries';
import { distanceMeters } from '../../../shared/geo';

// names cannot hold control characters (shared/schemas/common.ts): the test's strings neither
const clean = (filler: string) => (s: string) => [...s].map((c) => (hasControlCharacters(c) ? filler : c)).join('');
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const closing = fc.oneof(clock, fc.constant('24:00'));
const hours: fc.Arbitrary<OpeningHours> = fc.record({
  allDay: fc.boolean(),
  weekly: fc.array(fc.array(fc.record({ open: clock, close: closing }), { maxLength: 4 }), { minLength: 7, maxLength: 7 }),
});
const e7 = (min: number, max: number) => fc.integer({ min: min * 1e7, max: max * 1e7 }).map((n) => n / 1e7);
const station: fc.Arbitrary<Station> = fc.record({
  id: fc.stringMatching(/^st-[a-z0-9]{24}$/),
  name: fc.string({ minLength: 2, maxLength: 60 }).map(clean('站')),
  address: fc.string({ minLength: 2, maxLength: 120 }).map(clean('路')),
  orgId: fc.constant('org-a'),
  kind: fc.constantFrom(...StationKind.options),
  location: fc.record({ lat: e7(3.8, 53.6), lng: e7(73.5, 135.1) }),
  amenities: fc.subarray([...Amenity.options]),
  hours,
  photos: fc.constant([]),
  photoIds: fc.constant([]),
  honours: fc.array(fc.string({ minLength: 1, maxLength: 30 }).map(clean('星')), { maxLength: 3 }),
  status: fc.constantFrom('open' as const, 'temporarily-closed' as const),
  demo: fc.constant(false),
  updatedAt: fc.constant('2026-11-30T00:00:00.000Z'),
});
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((t) => new Date(t - (t % 60_000)));

describe('packed entries', () => {
  it('a tile entry gives back the exact position, amenities, kind, status and the same open state at any time', () => {
    fc.assert(
      fc.property(station, instant, (s, at) => {
        const tile = unpackTile('k', packTile(s));
        expect(tile.location).toEqual(s.location);
        expect(tile.amenities).toEqual(Amenity.options.filter((a) => s.amenities.includes(a)));
        expect([tile.kind, tile.status]).toEqual([s.kind, s.status]);
        expect(openStateAt(tile.hours as OpeningHours, tile.status, at)).toBe(openStateAt(s.hours, s.status, at));
      }),
      { numRuns: 400 },
    );
  });

  it('a view entry gives back the id, name, address, honours and the position it splits by', () => {
    fc.assert(
      fc.property(station, (s) => {
        const view = unpackView(packView(s));
        expect(view).toMatchObject({ id: s.id, name: s.name, address: s.address, honours: s.honours, location: s.location });
      }),
    );
  });

  it('a station is in the evening and night layers exactly when it is open at some minute of that window in the week', () => {
    const monday = Date.UTC(2023, 11, 31, 16, 0);
    const openSomeMinute = (s: Pick<Station, 'hours' | 'status'>, window: keyof typeof WINDOWS) => {
      for (let m = 0; m < 7 * 24 * 60; m++) {
        if (!WINDOWS[window].has(m % (24 * 60))) continue;
        const state = openStateAt(s.hours, s.status, new Date(monday + m * 60_000));
        if (state === 'open' || state === 'all-day') return true;
      }
      return false;
    };
    fc.assert(
      fc.property(hours, fc.constantFrom('open' as const, 'temporarily-closed' as const), (h, status) => {
        for (const window of ['e', 'n'] as const)
          expect(openInWindow({ hours: h, status }, window)).toBe(openSomeMinute({ hours: h, status }, window));
      }),
      { numRuns: 300 },
    );
    // the edges: open only 20:00–21:00 is in neither; 21:59 is evening; 05:59 is still night; past midnight from Sunday counts
    const only = (open: string, close: string, day = 0) => ({
      allDay: false,
      weekly: Array.from({ length: 7 }, (_, d) => (d === day ? [{ open, close }] : [])),
    });
    const layers = (open: string, close: string, day = 0) =>
      (['e', 'n'] as const).filter((w) => openInWindow({ hours: only(open, close, day), status: 'open' }, w));
    expect(layers('20:00', '21:00')).toEqual([]);
    expect(layers('21:59', '22:00')).toEqual(['e']);
    expect(layers('05:59', '09:00')).toEqual(['n']);
    expect(layers('06:00', '21:00')).toEqual([]);
    expect(layers('07:00', '22:00')).toEqual(['e']);
    expect(layers('18:00', '01:00', 6)).toEqual(['e', 'n']);
  });
});

describe('bit cells', () => {
  it('names round-trip, and a point’s bits are its geohash', () => {
    fc.assert(
      fc.property(e7(3.8, 53.6), e7(73.5, 135.1), fc.integer({ min: 15, max: 50 }), (lat, lng, n) => {
        const bits = pointBits({ lat, lng });
        expect(cellBits(cellName(bits.slice(0, n)))).toBe(bits.slice(0, n));
        expect(cellName(bits.slice(0, 45))).toBe(ngeohash.encode(lat, lng, 9));
        const box = cellBox(bits.slice(0, n));
        expect(lat >= box.minLat && lat <= box.maxLat && lng >= box.minLng && lng <= box.maxLng).toBe(true);
      }),
    );
  });

  it('nothing in a cell is nearer than its distance to the point', () => {
    fc.assert(
      fc.property(e7(36, 37), e7(94, 95), e7(36, 37), e7(94, 95), fc.integer({ min: 15, max: 30 }), (lat, lng, qLat, qLng, n) => {
        const box = cellBox(pointBits({ lat, lng }).slice(0, n));
        const d = distanceToBox({ lat: qLat, lng: qLng }, box);
        expect(distanceMeters({ lat: qLat, lng: qLng }, { lat, lng })).toBeGreaterThanOrEqual(d - 0.01);
      }),
    );
  });

  it('a circle touches the region of every point within it', () => {
    fc.assert(
      fc.property(
        e7(4, 53),
        e7(74, 134),
        fc.integer({ min: 100, max: 20_000 }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (lat, lng, radius, angle) => {
          const to = {
            lat: lat + ((radius * 0.999) / 111_320) * Math.sin(angle),
            lng: lng + ((radius * 0.999) / (111_320 * Math.cos((lat * Math.PI) / 180))) * Math.cos(angle),
          };
          fc.pre(distanceMeters({ lat, lng }, to) <= radius);
          expect(regionsNear({ lat, lng }, radius)).toContain(regionOf(pointBits(to)));
        },
      ),
    );
  });
});
