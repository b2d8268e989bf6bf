import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/db';
import { newStation, putStation, putStations, stationIdFor, updateStationFields } from '../../tables/stations';
import { batchGet, forgetDirectories, freshReadStats, itemBytes, readDirectories, SPLIT_BYTES } from '../../tables/station-index';
import { distanceMeters } from '../../../shared/geo';
import { isOpen, openStateAt } from '../../../shared/station-hours';
import { Amenity, type LatLng, type Station, type StationInput } from '../../../shared/schemas/station';
import { parseHoursText } from '../../../shared/hours-text';
import { regionOf, pointBits } from './cells';
import { searchIndex, type NearbyFilter } from './search';
import { mulberry32 } from '../../../bench/lib/org-scale-data';

/**
 * The nearby index against DynamoDB Local, checked against brute force over the stations this file
 * wrote: around Golmud (格尔木), where no other test puts stations. Dense enough that tiles and views
 * split many times; filters by day and by night; pages; moves and edits while searches run.
 */
const tag = randomBytes(3).toString('hex');
const ORG = `nx${tag}`;
const pathOf = () => [ORG];
const CENTRE = { lat: 36.4, lng: 94.9 };

const random = mulberry32(0x13);
const hourTexts = [
  '24小时',
  '每天 08:00-20:00',
  '每天 07:00-22:00',
  '周一至周五 09:00-18:00；周六 10:00-16:00',
  '每天 06:00-23:00',
  '每天 22:00-02:00',
];

function makeStation(n: number, at: LatLng): Station {
  const input: StationInput = {
    externalId: `g${n}`,
    name: `格尔木测试驿站${n}号`,
    address: `青海省格尔木市昆仑路${n}号便民服务点`,
    orgId: ORG,
    kind: n % 7 === 0 ? 'warm-station' : 'union-station',
    location: { lat: Math.round(at.lat * 1e6) / 1e6, lng: Math.round(at.lng * 1e6) / 1e6 },
    amenities: Amenity.options.filter((_, i) => i < 2 || random() < 0.4),
    hours: parseHoursText(hourTexts[Math.floor(random() * hourTexts.length)]!) as StationInput['hours'],
    photos: [],
    honours: n % 50 === 0 ? ['最美驿站'] : [],
    status: n % 61 === 0 ? 'temporarily-closed' : 'open',
  };
  return newStation(input, stationIdFor(ORG, input.externalId), new Date('2026-11-30T00:00:00Z'));
}

/** Mostly a dense town (1.5 km across), some along a road, a few far out. */
function placeFor(n: number): LatLng {
  const r = random();
  const spread = r < 0.7 ? 0.007 : r < 0.9 ? 0.04 : 0.12;
  return { lat: CENTRE.lat + (random() - 0.5) * spread * 2, lng: CENTRE.lng + (random() - 0.5) * spread * 2.5 + (n % 3) * 0.0001 };
}

const truth = new Map<string, Station>();

function bruteForce(center: LatLng, radius: number, filter: NearbyFilter, limit: number, after?: { d: number; id: string }) {
  return [...truth.values()]
    .map((s) => ({ s, d: Math.round(distanceMeters(center, s.location)) }))
    .filter(
      ({ s, d }) =>
        d <= radius &&
        filter.amenities.every((a) => s.amenities.includes(a)) &&
        (!filter.openNow || isOpen(openStateAt(s.hours, s.status, filter.now))) &&
        (!filter.allDay || (s.hours.allDay && s.status === 'open')) &&
        (!after || d > after.d || (d === after.d && s.id > after.id)),
    )
    .sort((a, b) => a.d - b.d || a.s.id.localeCompare(b.s.id))
    .slice(0, limit)
    .map(({ s, d }) => `${s.id}@${d}`);
}

async function search(center: LatLng, radius: number, filter: NearbyFilter, want = 10, after?: { d: number; id: string }) {
  const stats = freshReadStats();
  const { hits } = await searchIndex({ center, radiusMeters: radius, want, filter, after, stats });
  return { ids: hits.map((h) => `${h.view.id}@${h.distanceMeters}`), hits, stats };
}

const noon = new Date('2026-12-02T04:30:00Z'); // a Wednesday, 12:30 in Beijing
const lateNight = new Date('2026-12-02T14:30:00Z'); // 22:30
const evening = new Date('2026-12-02T13:30:00Z'); // 21:30
const earlyMorning = new Date('2026-12-05T21:59:00Z'); // Sunday 05:59
const plain = (now = noon): NearbyFilter => ({ amenities: [], openNow: false, allDay: false, now });

beforeAll(async () => {
  const stations = Array.from({ length: 700 }, (_, n) => makeStation(n, placeFor(n)));
  // as an import would: chunks, one after another, then the rest one by one through the single-station path
  await putStations(stations.slice(0, 660), pathOf);
  for (const s of stations.slice(660)) expect(await putStation(s, pathOf())).toBe(true);
  for (const s of stations) truth.set(s.id, s);
}, 240_000);

describe('the nearby index', () => {
  it('splits its cells so every tile and view stays within one 4 KB read, and holds each station once per layer', async () => {
    const region = regionOf(pointBits(CENTRE));
    const wanted = (['t', 'w'] as const).flatMap((kind) => (['a', 'e', 'n', 'h'] as const).map((layer) => ({ kind, layer, region })));
    const directories = await readDirectories(wanted, true);
    let tiles = 0;
    for (const [key, directory] of directories) {
      const [, kl] = key.split('#');
      const items = await batchGet(
        [...directory.keys()].map((cell) => `${kl![0]}#${kl![1]}#${cell}`),
        true,
      );
      const held = [...items.values()].flatMap((item) => Object.keys(item).filter((k) => !['pk', 'sk', 'v', 'split'].includes(k)));
      expect(new Set(held).size).toBe(held.length); // no station twice in a layer
      for (const item of items.values()) expect(itemBytes(item)).toBeLessThanOrEqual(SPLIT_BYTES);
      if (kl === 'ta') {
        tiles = items.size;
        expect(held.length).toBeGreaterThanOrEqual(700);
      }
    }
    expect(tiles).toBeGreaterThan(8); // 700 stations of ~32 bytes cannot fit in a few
  });

  it('agrees with brute force at many points, radii and filters, by day and by night, page after page', async () => {
    const filters: NearbyFilter[] = [
      plain(),
      { amenities: ['microwave'], openNow: true, allDay: false, now: noon },
      { amenities: ['microwave'], openNow: true, allDay: false, now: lateNight },
      { amenities: [], openNow: false, allDay: true, now: noon },
      { amenities: ['hot-water', 'microwave', 'toilet'], openNow: true, allDay: false, now: lateNight },
      { amenities: [], openNow: true, allDay: false, now: evening },
      { amenities: ['charging'], openNow: true, allDay: false, now: earlyMorning },
    ];
    for (let i = 0; i < 42; i++) {
      const center = { lat: CENTRE.lat + (random() - 0.5) * 0.2, lng: CENTRE.lng + (random() - 0.5) * 0.25 };
      const radius = [100, 800, 3000, 5000, 20_000][i % 5]!;
      const filter = filters[i % filters.length]!;
      const { ids } = await search(center, radius, filter, 11);
      expect(ids).toEqual(bruteForce(center, radius, filter, 11));
      // a page of 10 and whether there is more, as the route asks (the 11th's row is not read)
      const page = await searchIndex({ center, radiusMeters: radius, want: 10, more: true, filter, stats: freshReadStats() });
      expect(page.hits.map((h) => `${h.view.id}@${h.distanceMeters}`)).toEqual(bruteForce(center, radius, filter, 10));
      expect(page.more).toBe(bruteForce(center, radius, filter, 11).length > 10);
    }
    // paging: every station within 2 km of the centre, 7 at a time, no gaps or repeats
    const all: string[] = [];
    let after: { d: number; id: string } | undefined;
    for (;;) {
      const { hits } = await search(CENTRE, 2000, plain(), 8, after);
      const page = hits.slice(0, 7);
      all.push(...page.map((h) => `${h.view.id}@${h.distanceMeters}`));
      if (hits.length <= 7) break;
      after = { d: page[6]!.distanceMeters, id: page[6]!.view.id };
    }
    expect(all).toEqual(bruteForce(CENTRE, 2000, plain(), 10_000));
  }, 120_000);

  it('answers exactly on a cell border, at the smallest and largest radius, and with every filter at once (nothing)', async () => {
    // 94.921875° E and 36.5625° N are borders of geohash cells at several depths
    for (const center of [
      { lat: 36.4, lng: 94.921875 },
      { lat: 36.5625, lng: 94.9 },
    ]) {
      for (const radius of [100, 20_000])
        expect((await search(center, radius, plain())).ids).toEqual(bruteForce(center, radius, plain(), 10));
    }
    const everything: NearbyFilter = { amenities: [...Amenity.options], openNow: true, allDay: true, now: lateNight };
    const { ids, stats } = await search(CENTRE, 20_000, everything);
    expect(ids).toEqual([]);
    expect(stats.requests).toBeLessThanOrEqual(10);
  });

  it('a station moved across cells is found at its new place only, once; its old cell no longer has it', async () => {
    const moved = [...truth.values()].find((s) => distanceMeters(s.location, CENTRE) < 300 && s.status === 'open')!;
    const far = { lat: CENTRE.lat + 0.09, lng: CENTRE.lng - 0.1 };
    const next = { ...moved, location: far, name: '已搬迁的驿站' };
    expect(await updateStationFields(next, pathOf(), { orgId: ORG, path: pathOf() })).toBe('updated');
    truth.set(moved.id, next);
    const atOld = await search(moved.location, 20_000, plain(), 1000);
    expect(atOld.ids.filter((x) => x.startsWith(moved.id))).toHaveLength(1);
    const atNew = await search(far, 100, plain());
    expect(atNew.hits.map((h) => [h.view.id, h.view.name])).toContainEqual([moved.id, '已搬迁的驿站']);
    expect(atOld.ids).toEqual(bruteForce(moved.location, 20_000, plain(), 1000));
  });

  it('searches while a station keeps moving and changing its hours: never a duplicate, never a row mixing two versions', async () => {
    const subject = [...truth.values()].find((s) => distanceMeters(s.location, CENTRE) < 400 && s.status === 'open')!;
    const places = [subject.location, { lat: 36.401, lng: 94.8989 }, { lat: 36.3992, lng: 94.9 }];
    const hoursOf = ['24小时', '每天 08:00-20:00', '每天 06:00-23:00'].map((t) => parseHoursText(t) as Station['hours']);
    let writing = true;
    const writer = (async () => {
      for (let k = 0; writing && k < 30; k++) {
        const version = { ...subject, name: `移动驿站第${k % 3}版`, location: places[k % 3]!, hours: hoursOf[k % 3]! };
        expect(await updateStationFields(version, pathOf(), { orgId: ORG, path: pathOf() })).toBe('updated');
      }
    })();
    for (let i = 0; i < 25; i++) {
      const { hits } = await search(CENTRE, 1500, plain(lateNight), 60);
      const ids = hits.map((h) => h.view.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const h of hits.filter((x) => x.view.id === subject.id)) {
        const k = Number(/第(\d)版/.exec(h.view.name)?.[1] ?? -1);
        if (k < 0) continue; // the version before the writer started
        expect(h.tile.location).toEqual(places[k]);
        expect(h.tile.hours.allDay).toBe(hoursOf[k]!.allDay);
      }
    }
    writing = false;
    await writer;
    const last = await searchIndex({ center: CENTRE, radiusMeters: 1500, want: 1000, filter: plain(), stats: freshReadStats() });
    expect(last.hits.filter((h) => h.view.id === subject.id)).toHaveLength(1);
  }, 120_000);

  it('many stations created at once in one cell are each indexed exactly once', async () => {
    const spot = { lat: CENTRE.lat + 0.05, lng: CENTRE.lng + 0.06 };
    const burst = Array.from({ length: 40 }, (_, i) =>
      makeStation(5000 + i, { lat: spot.lat + i * 0.00003, lng: spot.lng + (i % 5) * 0.00004 }),
    );
    const written = await Promise.all(burst.map((s) => putStation(s, pathOf())));
    expect(written.every(Boolean)).toBe(true);
    for (const s of burst) truth.set(s.id, s);
    const { ids } = await search(spot, 300, plain(), 100);
    expect(ids).toEqual(bruteForce(spot, 300, plain(), 100));
    expect(ids.filter((x) => burst.some((s) => x.startsWith(s.id)))).toHaveLength(40);
  }, 120_000);

  it('a station written before the index is taken in by its next edit', async () => {
    const old = makeStation(9000, { lat: CENTRE.lat - 0.03, lng: CENTRE.lng + 0.03 });
    // as written before this index existed: no `ixl`, in no cell
    await db().send(new PutCommand({ TableName: tableName('stations'), Item: { ...old, counted: true } }));
    forgetDirectories();
    expect(await updateStationFields({ ...old, name: '老驿站' }, pathOf(), { orgId: ORG, path: pathOf() })).toBe('updated');
    truth.set(old.id, { ...old, name: '老驿站' });
    expect((await search(old.location, 100, plain())).ids).toContain(`${old.id}@0`);
  });
});
