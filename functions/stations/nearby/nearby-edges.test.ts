import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/db';
import { indexUnindexed, newStation, putStation, putStations } from '../../tables/stations';
import { forgetDirectories, freshReadStats } from '../../tables/station-index';
import { distanceMeters } from '../../../shared/geo';
import type { LatLng, Station, StationInput } from '../../../shared/schemas/station';
import { searchIndex, type NearbyFilter } from './search';

/**
 * The edges a review found (issue 13): a backfill page spread over many cells, positions finer than
 * the index keeps, distances that round to the radius or to a tie at the cut, and a filter nothing
 * matches in a dense area. Far from every other test's stations (Tibet and Sichuan, around lng 90).
 */
const tag = randomBytes(3).toString('hex');
const ORG = `rv${tag}`;
const rnd = () => parseInt(randomBytes(4).toString('hex'), 16) / 2 ** 32;
const r7 = (x: number) => Math.round(x * 1e7) / 1e7;
const noon = new Date('2026-12-02T04:30:00Z');
const plain: NearbyFilter = { amenities: [], openNow: false, allDay: false, now: noon };

function make(id: string, at: LatLng, extra: Partial<StationInput> = {}): Station {
  const input: StationInput = {
    name: `评审驿站${id}`,
    address: '评审地址',
    orgId: ORG,
    kind: 'union-station',
    location: at,
    amenities: ['hot-water'],
    hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
    photos: [],
    honours: [],
    status: 'open',
    ...extra,
  };
  return newStation(input, id, new Date('2026-11-30T00:00:00Z'));
}
/** lng west of `border` at which the distance (same lat) is exactly `m` metres */
function lngAt(lat: number, border: number, m: number): number {
  let lo = 0;
  let hi = 0.01;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (distanceMeters({ lat, lng: border }, { lat, lng: border - mid }) < m) lo = mid;
    else hi = mid;
  }
  return border - lo;
}
const search = (center: LatLng, radius: number, want: number, filter = plain) =>
  searchIndex({ center, radiusMeters: radius, want, filter, stats: freshReadStats() });

// lng 90 is a border of geohash-3 regions (-180 + 192 × 1.40625)
const BORDER = 90;

it('the backfill places a page of 25 old stations in 25 different cells (more than one transaction can hold)', async () => {
  const old = Array.from({ length: 25 }, (_, n) =>
    make(`st-bf${tag}-${n}`, { lat: r7(24 + Math.floor(n / 5) * 1.5 + rnd() * 0.1), lng: r7(100 + (n % 5) * 1.5 + rnd() * 0.1) }),
  );
  for (const s of old) await db().send(new PutCommand({ TableName: tableName('stations'), Item: { ...s, counted: true } }));
  await expect(indexUnindexed(old)).resolves.toHaveLength(25);
});

it('a station stored finer than 1e-7° just west of a region border is found (the index and the item agree on its place)', async () => {
  const lat = r7(30.1 + rnd() * 0.7);
  const s = make(`st-px${tag}`, { lat, lng: BORDER - 4e-8 });
  expect(await putStation(s, [ORG])).toBe(true);
  forgetDirectories();
  const got = await search({ lat, lng: BORDER - 0.0005 }, 1000, 5).then(
    (r) => r.hits.map((h) => h.view.id),
    (e: Error) => `threw ${e.constructor.name}`,
  );
  expect(got).toContain(s.id);
});

it('a station 100.3 m away across a cell border is within a 100 m radius, as brute force rounds it', async () => {
  const lat = r7(32.0 + rnd() * 0.2);
  const center = { lat, lng: lngAt(lat, BORDER, 100.2) };
  const s = make(`st-re${tag}`, { lat, lng: r7(BORDER + 0.0000011) });
  const d = distanceMeters(center, s.location);
  expect(d).toBeGreaterThan(100.2);
  expect(Math.round(d)).toBe(100); // brute force (the repo's own) keeps it: rounded d <= radius
  expect(await putStation(s, [ORG])).toBe(true);
  forgetDirectories();
  const { hits } = await search(center, 100, 5);
  expect(hits.map((h) => `${h.view.id}@${h.distanceMeters}`)).toContain(`${s.id}@100`);
});

it('two stations that both round to 100 m are ordered by id even when one lies in a cell not read at first', async () => {
  const lat = r7(31.1 + rnd() * 0.3);
  const cLng = lngAt(lat, BORDER, 100.2);
  const center = { lat, lng: cLng };
  const mPerDegLng = distanceMeters({ lat, lng: 0 }, { lat, lng: 1 });
  const off = (m: number) => m / mPerDegLng;
  const noWifi = { amenities: ['hot-water' as const] };
  // two dense clusters (no wifi) so the leaves near the centre split small
  const cluster = (n: number, at: LatLng, prefix: string) =>
    Array.from({ length: n }, (_, i) =>
      make(`st-${prefix}${tag}-${i}`, { lat: r7(at.lat + (rnd() - 0.5) * 0.00025), lng: r7(at.lng + (rnd() - 0.5) * off(30)) }, noWifi),
    );
  const aLoc = { lat, lng: r7(lngAt(lat, cLng, 100.4)) };
  const bLoc = { lat, lng: r7(BORDER + off(0.1)) };
  const a = make(`st-zz${tag}`, aLoc, { amenities: ['wifi'] });
  const b = make(`st-00${tag}`, bLoc, { amenities: ['wifi'] });
  const dA = distanceMeters(center, a.location);
  const dB = distanceMeters(center, b.location);
  expect([Math.round(dA), Math.round(dB)]).toEqual([100, 100]);
  expect(dB).toBeGreaterThan(100.2);
  await putStations([...cluster(140, center, 'c1'), ...cluster(140, aLoc, 'c2')], () => [ORG]);
  expect(await putStation(a, [ORG])).toBe(true);
  expect(await putStation(b, [ORG])).toBe(true);
  forgetDirectories();
  const wifi: NearbyFilter = { ...plain, amenities: ['wifi'] };
  const { hits } = await search(center, 1000, 1, wifi);
  // brute force: both at 100 m, b first by id
  expect(hits.map((h) => `${h.view.id}@${h.distanceMeters}`)).toEqual([`${b.id}@100`]);
}, 120_000);

it('a filter nothing matches in a dense area answers an empty list in a few rounds, not a retry or an error', async () => {
  const centre = { lat: r7(28.7 + rnd() * 0.3), lng: r7(85.7 + rnd() * 0.3) };
  const many = Array.from({ length: 1000 }, (_, i) =>
    make(`st-dn${tag}-${i}`, { lat: r7(centre.lat + (rnd() - 0.5) * 0.03), lng: r7(centre.lng + (rnd() - 0.5) * 0.04) }),
  );
  await putStations(many, () => [ORG]);
  forgetDirectories();
  const stats = freshReadStats();
  const { hits } = await searchIndex({
    center: centre,
    radiusMeters: 20_000,
    want: 11,
    filter: { ...plain, amenities: ['bike-lending'] },
    stats,
  });
  expect(hits).toEqual([]);
  // the directories, the nearest tiles, then everything left within the radius
  expect(stats.rounds).toBeLessThanOrEqual(3);
}, 300_000);
