import gcoord from 'gcoord';
import { handler as findNearby } from './find-nearby-stations';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { demoStations } from '../../scripts/demo-data/stations';
import { stationIdFor } from '../tables/stations';
import { distanceMeters } from '../../shared/geo';
import { isOpen, openStateAt } from '../../shared/station-hours';
import type { LatLng, NearbyStation } from '../../shared/schemas/station';

let token: string;
beforeAll(async () => {
  token = await tokenFor('worker');
});

const nearby = (query: Record<string, string>) => invoke(findNearby, { path: '/stations/nearby', query, token });

/** The truth, by brute force over every demo station. */
function expected(center: LatLng, radius: number, keep = (_: ReturnType<typeof demoStations>[number]) => true) {
  return demoStations()
    .map((s) => ({ s, d: Math.round(distanceMeters(center, s.location)), id: stationIdFor(s.orgId, s.externalId) }))
    .filter(({ s, d }) => d <= radius && keep(s))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .map(({ s, d }) => ({ name: s.name, d }));
}

const names = (stations: NearbyStation[]) => stations.map((s) => s.name);

describe('GET /stations/nearby', () => {
  const lugouqiao = { lat: 39.8605, lng: 116.2541 }; // GCJ-02

  it('lists the nearest stations in true distance order, with distances', async () => {
    const reply = await nearby({ lat: String(lugouqiao.lat), lng: String(lugouqiao.lng), limit: '10' });
    expect(reply.status).toBe(200);
    const truth = expected(lugouqiao, 5000).slice(0, 10);
    expect(names(reply.body.stations)).toEqual(truth.map((t) => t.name));
    expect(reply.body.stations.map((s: NearbyStation) => s.distanceMeters)).toEqual(truth.map((t) => t.d));
  });

  it('agrees with brute force at many random points, including sparse ones far from any station', async () => {
    for (let i = 0; i < 12; i++) {
      const center = { lat: 39.78 + (i % 4) * 0.03 + 0.004 * i, lng: 116.15 + Math.floor(i / 4) * 0.12 };
      const reply = await nearby({ lat: String(center.lat), lng: String(center.lng), limit: '5', radius: '8000' });
      expect(names(reply.body.stations)).toEqual(
        expected(center, 8000)
          .slice(0, 5)
          .map((t) => t.name),
      );
    }
  });

  it('converts a browser (WGS-84) position to GCJ-02 before measuring', async () => {
    const [lng, lat] = gcoord.transform([lugouqiao.lng, lugouqiao.lat], gcoord.GCJ02, gcoord.WGS84);
    const reply = await nearby({ lat: String(lat), lng: String(lng), coord: 'wgs84', limit: '5' });
    expect(names(reply.body.stations)).toEqual(
      expected(lugouqiao, 5000)
        .slice(0, 5)
        .map((t) => t.name),
    );
  });

  it('keeps only stations with every asked-for amenity that are open now', async () => {
    const reply = await nearby({
      lat: String(lugouqiao.lat),
      lng: String(lugouqiao.lng),
      amenities: 'microwave,charging',
      openNow: 'true',
      limit: '8',
    });
    const now = new Date();
    const truth = expected(
      lugouqiao,
      5000,
      (s) => s.amenities.includes('microwave') && s.amenities.includes('charging') && isOpen(openStateAt(s.hours, s.status, now)),
    );
    expect(names(reply.body.stations)).toEqual(truth.slice(0, 8).map((t) => t.name));
    for (const s of reply.body.stations as NearbyStation[]) {
      expect(s.amenities).toEqual(expect.arrayContaining(['microwave', 'charging']));
      expect(['open', 'all-day']).toContain(s.openState);
    }
  });

  it('pages farther with the cursor, without gaps or repeats', async () => {
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const reply = await nearby({
        lat: String(lugouqiao.lat),
        lng: String(lugouqiao.lng),
        limit: '7',
        radius: '3000',
        ...(cursor ? { cursor } : {}),
      });
      expect(reply.status).toBe(200);
      all.push(...names(reply.body.stations));
      cursor = reply.body.nextCursor;
    } while (cursor);
    expect(all).toEqual(expected(lugouqiao, 3000).map((t) => t.name));
  });

  it('answers an empty list, not an error, where there is nothing within the radius', async () => {
    const reply = await nearby({ lat: '45.0', lng: '125.0', radius: '2000' });
    expect(reply.status).toBe(200);
    expect(reply.body.stations).toEqual([]);
  });

  it.each([
    [{ lat: '91', lng: '116' }, 'lat'],
    [{ lat: '39.8', lng: '-181' }, 'lng'],
    [{ lat: '39.8', lng: '116.2', radius: '50000' }, 'radius'],
    [{ lat: '39.8', lng: '116.2', radius: '0' }, 'radius'],
    [{ lat: '1.2', lng: '103.8' }, 'lat'], // Singapore: outside China, where GCJ-02 and the index are defined
    [{ lat: '39.8', lng: '116.2', amenities: 'microwave,jacuzzi' }, 'amenities.1'],
    [{ lat: '39.8', lng: '116.2', cursor: 'not-a-cursor' }, 'cursor'],
    [{ lat: 'north', lng: '116.2' }, 'lat'],
  ])('answers 400 with a field error for %j', async (query, field) => {
    const reply = await nearby(query as Record<string, string>);
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('bad_request');
    expect(Object.keys(reply.body.fieldErrors)).toContain(field);
  });
});
