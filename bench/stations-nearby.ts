/**
 * Nearby-station search at national scale: 186,100 synthetic stations clustered like China's
 * population, 1,000 random "nearest 10 within 5 km" queries, on DynamoDB Local.
 * Compares, in one run: our geohash-ring search (functions/stations/geo-search.ts), the
 * dynamodb-geo package (port of awslabs/dynamodb-geo), and a Scan-and-filter baseline.
 *
 *   npx tsx bench/stations-nearby.ts            (QUERIES=1000 SCAN_QUERIES=2 STATIONS=186100; ~12 min)
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { startDynamoLocal, localClient } from '../scripts/lib/dynamodb-local';
import { createLocalTables } from '../scripts/lib/local-tables';
import { freePort } from '../scripts/lib/free-port';
import { tableEnvironment } from '../infra/tables.cjs';
import { percentile } from './lib/stats';
import type { LatLng, Station } from '../shared/schemas/station';
import { distanceMeters } from '../shared/geo';

const STATIONS = Number(process.env.STATIONS ?? 186_100);
const QUERIES = Number(process.env.QUERIES ?? 1000);
const SCAN_QUERIES = Number(process.env.SCAN_QUERIES ?? 2);
const RADIUS = 5000;
const LIMIT = 10;
const HASH_KEY_LENGTH = Number(process.env.GEO_HASH_KEY_LENGTH ?? 5);

// Bench-only dependencies live in bench/node_modules (aws-sdk v2 is heavy).
if (!existsSync(join(__dirname, 'node_modules', 'dynamodb-geo')))
  execSync('npm install --no-audit --no-fund', { cwd: __dirname, stdio: 'inherit' });

const AWS = require(join(__dirname, 'node_modules', 'aws-sdk'));

const ddbGeo = require(join(__dirname, 'node_modules', 'dynamodb-geo'));

/** ~40 cities with their urban populations (millions) and positions; 12 % of stations are rural. */
const cities: [string, number, number, number][] = [
  ['上海', 24.9, 31.23, 121.47],
  ['北京', 21.9, 39.9, 116.4],
  ['重庆', 16.0, 29.56, 106.55],
  ['广州', 18.7, 23.13, 113.26],
  ['深圳', 17.7, 22.54, 114.06],
  ['成都', 16.5, 30.66, 104.07],
  ['天津', 13.6, 39.13, 117.2],
  ['武汉', 13.6, 30.59, 114.3],
  ['西安', 12.9, 34.34, 108.94],
  ['杭州', 12.2, 30.27, 120.16],
  ['东莞', 10.4, 23.02, 113.75],
  ['佛山', 9.6, 23.02, 113.12],
  ['南京', 9.5, 32.06, 118.8],
  ['沈阳', 9.1, 41.8, 123.43],
  ['郑州', 12.8, 34.75, 113.62],
  ['青岛', 10.3, 36.07, 120.38],
  ['苏州', 12.9, 31.3, 120.62],
  ['长沙', 10.4, 28.23, 112.94],
  ['哈尔滨', 9.9, 45.8, 126.53],
  ['昆明', 8.5, 25.04, 102.71],
  ['大连', 7.5, 38.91, 121.61],
  ['济南', 9.4, 36.65, 117.12],
  ['合肥', 9.6, 31.82, 117.23],
  ['福州', 8.4, 26.07, 119.3],
  ['厦门', 5.3, 24.48, 118.09],
  ['南宁', 8.9, 22.82, 108.32],
  ['石家庄', 11.2, 38.04, 114.51],
  ['长春', 9.1, 43.82, 125.32],
  ['太原', 5.4, 37.87, 112.55],
  ['南昌', 6.5, 28.68, 115.86],
  ['贵阳', 6.2, 26.65, 106.63],
  ['乌鲁木齐', 4.1, 43.83, 87.62],
  ['兰州', 4.4, 36.06, 103.83],
  ['呼和浩特', 3.5, 40.84, 111.75],
  ['海口', 2.9, 20.04, 110.2],
  ['宁波', 9.7, 29.87, 121.54],
  ['无锡', 7.5, 31.49, 120.31],
  ['温州', 9.6, 28.0, 120.67],
  ['银川', 2.9, 38.49, 106.23],
  ['拉萨', 0.9, 29.65, 91.1],
];

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function samplePoints(n: number, seed: number): LatLng[] {
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const total = cities.reduce((s, c) => s + c[1], 0);
  const points: LatLng[] = [];
  for (let i = 0; i < n; i++) {
    if (random() < 0.12) {
      points.push({ lat: 22 + random() * 20, lng: 102 + random() * 20 });
      continue;
    }
    let r = random() * total;
    const city = cities.find((c) => (r -= c[1]) <= 0) ?? cities[0]!;
    // denser, bigger cities spread wider: ~ 6 km per sqrt(million)
    const spreadKm = 6 * Math.sqrt(city[1]);
    points.push({
      lat: city[2] + (gauss() * spreadKm) / 111.32,
      lng: city[3] + (gauss() * spreadKm) / (111.32 * Math.cos((city[2] * Math.PI) / 180)),
    });
  }
  return points;
}

type Figures = { name: string; queries: number; requests: number[]; items: number[]; ms: number[]; found: number[] };
const fresh = (name: string): Figures => ({ name, queries: 0, requests: [], items: [], ms: [], found: [] });

function report(f: Figures) {
  const avg = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  return `| ${f.name} | ${f.queries} | ${avg(f.requests).toFixed(1)} | ${percentile(f.requests, 95)} | ${avg(f.items).toFixed(0)} | ${percentile(f.items, 95)} | ${percentile(f.ms, 50).toFixed(1)} | ${percentile(f.ms, 95).toFixed(1)} |`;
}

async function main() {
  const dynamo = await startDynamoLocal({ port: await freePort() });
  try {
    Object.assign(process.env, { DYNAMODB_ENDPOINT: dynamo.endpoint, STAGE: 'local', ...tableEnvironment('local') });
    const client = localClient(dynamo.endpoint);
    await createLocalTables(client, 'local');
    const { putStations, queryCellRange, stationIdFor } = await import('../functions/tables/stations');
    const { searchNearby } = await import('./../functions/stations/geo-search');
    const { db, tableName } = await import('../functions/lib/db');

    const points = samplePoints(STATIONS, 1);
    const stations: Station[] = points.map((location, i) => ({
      id: stationIdFor('bench', `b${i}`),
      name: `驿站${i}`,
      address: '—',
      orgId: 'bench',
      kind: 'union-station',
      location: { lat: Math.round(location.lat * 1e6) / 1e6, lng: Math.round(location.lng * 1e6) / 1e6 },
      amenities: ['hot-water'],
      hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
      photos: [],
      photoIds: [],
      honours: [],
      status: 'open',
      demo: true,
      updatedAt: '2026-01-01T00:00:00.000Z',
    }));

    let t = Date.now();
    const chunk = Math.ceil(stations.length / 8);
    await Promise.all(Array.from({ length: 8 }, (_, k) => putStations(stations.slice(k * chunk, (k + 1) * chunk), (orgId) => [orgId])));
    console.log(`loaded ${stations.length} stations into our table in ${((Date.now() - t) / 1000).toFixed(0)} s`);

    // dynamodb-geo: its own table layout (hash key = first digits of an S2 cell id, geohash LSI)
    const ddb = new AWS.DynamoDB({
      endpoint: dynamo.endpoint,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const config = new ddbGeo.GeoDataManagerConfiguration(ddb, 'bench-dynamodb-geo');
    config.hashKeyLength = HASH_KEY_LENGTH;
    config.longitudeFirst = true;
    const geoManager = new ddbGeo.GeoDataManager(config);
    const createInput = ddbGeo.GeoTableUtil.getCreateTableRequest(config);
    await ddb.createTable(createInput).promise();
    t = Date.now();
    const geoBatches: Promise<unknown>[] = [];
    const writeGeo = async (from: number, to: number) => {
      for (let i = from; i < to; i += 25) {
        const batch = stations.slice(i, Math.min(i + 25, to)).map((s) => ({
          RangeKeyValue: { S: s.id },
          GeoPoint: { latitude: s.location.lat, longitude: s.location.lng },
          PutItemInput: { Item: { name: { S: s.name } } },
        }));
        let reply = await geoManager.batchWritePoints(batch).promise();
        while (reply.UnprocessedItems && Object.keys(reply.UnprocessedItems).length)
          reply = await ddb.batchWriteItem({ RequestItems: reply.UnprocessedItems }).promise();
      }
    };
    for (let k = 0; k < 8; k++) geoBatches.push(writeGeo(k * chunk, Math.min((k + 1) * chunk, stations.length)));
    await Promise.all(geoBatches);
    console.log(
      `loaded ${stations.length} points into the dynamodb-geo table (hashKeyLength ${HASH_KEY_LENGTH}) in ${((Date.now() - t) / 1000).toFixed(0)} s`,
    );

    // count dynamodb-geo's requests and items by wrapping its client's query()
    const geoStats = { requests: 0, items: 0 };
    const originalQuery = ddb.query.bind(ddb);
    ddb.query = (params: unknown) => {
      const request = originalQuery(params);
      return {
        promise: async () => {
          const reply = await request.promise();
          geoStats.requests += 1;
          geoStats.items += reply.ScannedCount ?? reply.Count ?? 0;
          return reply;
        },
      };
    };

    const queries = samplePoints(QUERIES, 2);
    const ours = fresh('geohash rings (ours)');
    const geo = fresh(`dynamodb-geo 0.4.0 (hashKeyLength ${HASH_KEY_LENGTH})`);
    const scan = fresh('Scan and filter');
    let mismatches = 0;
    const firstHits: { station: Station }[][] = [];

    for (const [i, center] of queries.entries()) {
      let start = performance.now();
      const stats = { requests: 0, itemsRead: 0 };
      const { hits } = await searchNearby({
        center,
        radiusMeters: RADIUS,
        want: LIMIT,
        accept: () => true,
        fetchRange: queryCellRange,
        stats,
      });
      ours.ms.push(performance.now() - start);
      ours.requests.push(stats.requests);
      ours.items.push(stats.itemsRead);
      ours.found.push(hits.length);
      ours.queries++;
      if (i < SCAN_QUERIES) firstHits.push(hits);

      start = performance.now();
      geoStats.requests = geoStats.items = 0;
      const geoItems: { geoJson: { S: string }; rangeKey: { S: string } }[] = await geoManager.queryRadius({
        RadiusInMeter: RADIUS,
        CenterPoint: { latitude: center.lat, longitude: center.lng },
      });
      const geoNearest = geoItems
        .map((item) => {
          const [lng, lat] = JSON.parse(item.geoJson.S).coordinates as [number, number];
          return { id: item.rangeKey.S, d: Math.round(distanceMeters(center, { lat, lng })) };
        })
        .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
        .slice(0, LIMIT);
      geo.ms.push(performance.now() - start);
      geo.requests.push(geoStats.requests);
      geo.items.push(geoStats.items);
      geo.found.push(geoNearest.length);
      geo.queries++;
      if (geoNearest.map((g) => g.id).join() !== hits.map((h) => h.station.id).join()) mismatches++;

      if ((i + 1) % 100 === 0) process.stdout.write(`  ${i + 1}/${queries.length} queries\n`);
    }

    for (const [i, center] of queries.slice(0, SCAN_QUERIES).entries()) {
      const hits = firstHits[i]!;
      const start = performance.now();
      let requests = 0;
      let items = 0;
      const found: { id: string; d: number }[] = [];
      let cursor: Record<string, unknown> | undefined;
      do {
        const reply: ScanCommandOutput = await db().send(new ScanCommand({ TableName: tableName('stations'), ExclusiveStartKey: cursor }));
        requests++;
        items += reply.ScannedCount ?? 0;
        for (const item of reply.Items ?? []) {
          const d = Math.round(distanceMeters(center, item.location as LatLng));
          if (d <= RADIUS) found.push({ id: item.id as string, d });
        }
        cursor = reply.LastEvaluatedKey;
      } while (cursor);
      found.sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
      scan.ms.push(performance.now() - start);
      scan.requests.push(requests);
      scan.items.push(items);
      scan.found.push(Math.min(LIMIT, found.length));
      scan.queries++;
      if (
        found
          .slice(0, LIMIT)
          .map((f) => f.id)
          .join() !== hits.map((h) => h.station.id).join()
      )
        mismatches++;
      process.stdout.write(`  scan ${i + 1}/${SCAN_QUERIES}\n`);
    }

    const emptyShare = ours.found.filter((n) => n === 0).length / ours.queries;
    console.log(
      `\n${STATIONS} stations; ${QUERIES} queries (nearest ${LIMIT} within ${RADIUS / 1000} km); Scan on the first ${SCAN_QUERIES}.`,
    );
    console.log(
      `results that differ from ours (by id and order): ${mismatches}; queries with no station within 5 km: ${(emptyShare * 100).toFixed(1)} %\n`,
    );
    console.log(
      '| method | queries | requests / query (mean) | requests p95 | items read / query (mean) | items read p95 | latency p50 ms | latency p95 ms |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const f of [ours, geo, scan]) console.log(report(f));
    client.destroy();
  } finally {
    await dynamo.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
