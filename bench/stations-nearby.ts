/**
 * The nearby search on the stationIndex table (issue 13), on two sets, one after the other, each in
 * its own DynamoDB Local (in memory):
 *   beijing   26,000 stations shaped like the city: dense core inside the 5th ring, district towns,
 *             radial roads, countryside;
 *   national  186,100 stations clustered like China's urban population.
 * Stations look like the demo data (names, addresses, honours, amenities, kinds, hours) and are
 * written through putStations, the real write path (nearby index in the same transaction, full cells
 * split afterwards). Per set: 1,000 query points drawn like the stations, four query kinds each,
 * through searchIndex exactly as functions/stations/find-nearby-stations.ts calls it, checked against
 * brute force in memory; dynamodb-geo 0.4.0 for the unfiltered 5 km query.
 *
 *   npx tsx bench/stations-nearby.ts     (npm run bench:stations-nearby; both sets one after the other)
 *   SETS=beijing,national STATIONS=186100 BEIJING_STATIONS=26000 QUERIES=1000 COLD=50 LOADERS=4 GEO=1 GEO_QUERIES=1000
 * Timings on the 2-core dev machine: Beijing loads in ~2.6 min, national ~170 stations/s (~18 min);
 * dynamodb-geo on the Beijing set takes ~1.5 s a query (it reads ~3,500 items), so SETS=beijing and
 * SETS=national can run as two processes side by side. A search of more than 2 rounds that read no
 * directory is logged with its point, to reproduce.
 *
 * LIVE=1 (issue 14): after the warm run, live items are written through tables/station-live.ts for a
 * realistic share of stations (LIVE_VISITED=0.3 visited that day, 1–40 visits; LIVE_REPORTED=0.05
 * with 1–3 people's reports in the last 100 minutes) and the same warm searches run again, each
 * row's live status checked against what was written:
 *   SETS=beijing GEO=0 QUERIES=300 LIVE=1 npx tsx bench/stations-nearby.ts
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BatchGetCommand, QueryCommand, ScanCommand, UpdateCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { startDynamoLocal, localClient } from '../scripts/lib/dynamodb-local';
import { createLocalTables } from '../scripts/lib/local-tables';
import { freePort } from '../scripts/lib/free-port';
import { tableEnvironment } from '../infra/tables.cjs';
import { percentile } from './lib/stats';
import type { Amenity, LatLng, OpeningHours, Station, StationKind } from '../shared/schemas/station';
import { distanceMeters } from '../shared/geo';
import { parseHoursText } from '../shared/hours-text';
import { isOpen, openStateAt } from '../shared/station-hours';
// static imports: a dynamic import() of these under tsx can load a second copy of station-index
// (its directory cache) beside the one the search uses, and forgetDirectories() would miss it
import { closeDb, db, tableName } from '../functions/lib/db';
import { putStations } from '../functions/tables/stations';
import { searchIndex } from '../functions/stations/nearby/search';
import { forgetDirectories, freshReadStats, itemBytes, layersOf, type IndexReadStats } from '../functions/tables/station-index';
import { isLiveItem, liveSteps, reportElement, summarise, type ReportCode } from '../functions/tables/station-live';
import { demoAmenities } from '../scripts/demo-data/stations';
import { pointBits } from '../functions/stations/nearby/cells';
import { mulberry32 } from './lib/org-scale-data';

const SETS = (process.env.SETS ?? 'beijing,national').split(',').filter(Boolean);
const STATIONS = Number(process.env.STATIONS ?? 186_100);
const BEIJING_STATIONS = Number(process.env.BEIJING_STATIONS ?? 26_000);
const QUERIES = Number(process.env.QUERIES ?? 1000);
const COLD = Number(process.env.COLD ?? 50);
const LOADERS = Number(process.env.LOADERS ?? 4);
const GEO = process.env.GEO !== '0';
/** dynamodb-geo runs on the first GEO_QUERIES points (it is slow on dense sets) */
const GEO_QUERIES = Number(process.env.GEO_QUERIES ?? QUERIES);
const HASH_KEY_LENGTH = Number(process.env.GEO_HASH_KEY_LENGTH ?? 5);
const LIMIT = 10;
const LIVE = process.env.LIVE === '1';
const LIVE_VISITED = Number(process.env.LIVE_VISITED ?? 0.3);
const LIVE_REPORTED = Number(process.env.LIVE_REPORTED ?? 0.05);

// Bench-only dependencies live in bench/node_modules (aws-sdk v2 is heavy).
if (GEO && !existsSync(join(__dirname, 'node_modules', 'dynamodb-geo')))
  execSync('npm install --no-audit --no-fund', { cwd: __dirname, stdio: 'inherit' });

type Random = () => number;
const gaussOf = (random: Random) => () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const offset = (at: LatLng, northKm: number, eastKm: number): LatLng => ({
  lat: at.lat + northKm / 111.32,
  lng: at.lng + eastKm / (111.32 * Math.cos((at.lat * Math.PI) / 180)),
});

// ---------------------------------------------------------------- national set (as before)

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

function samplePoints(n: number, seed: number): LatLng[] {
  const random = mulberry32(seed);
  const gauss = gaussOf(random);
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
    points.push(offset({ lat: city[2], lng: city[3] }, gauss() * spreadKm, gauss() * spreadKm));
  }
  return points;
}

// ---------------------------------------------------------------- Beijing set

const BEIJING = { lat: 39.904, lng: 116.391 };
const BEIJING_BOX = { minLat: 39.44, maxLat: 41.06, minLng: 115.42, maxLng: 117.5 };
/** District towns and new towns outside the 5th ring: centre, weight, spread (km). */
const towns: [string, number, number, number, number][] = [
  ['通州', 39.909, 116.657, 14, 3.5],
  ['顺义', 40.13, 116.654, 10, 3.5],
  ['昌平', 40.22, 116.231, 8, 3],
  ['大兴', 39.727, 116.341, 9, 3],
  ['房山', 39.735, 116.139, 7, 3],
  ['门头沟', 39.94, 116.102, 4, 2],
  ['怀柔', 40.316, 116.632, 4, 2.5],
  ['平谷', 40.141, 117.121, 3, 2],
  ['密云', 40.377, 116.843, 3, 2.5],
  ['延庆', 40.465, 115.985, 2, 2],
  ['亦庄', 39.795, 116.506, 10, 2.5],
  ['回龙观', 40.071, 116.336, 9, 2],
  ['天通苑', 40.069, 116.424, 8, 2],
  ['沙河', 40.145, 116.289, 3, 2],
  ['良乡', 39.727, 116.14, 3, 2],
  ['燕山', 39.73, 115.97, 1, 1.5],
  ['黄村', 39.74, 116.33, 2, 2],
];
/** Radial roads out of the centre: bearing (degrees from north, clockwise) and how far (km). */
const radials: [string, number, number][] = [
  ['京藏高速', 320, 70],
  ['京承高速', 30, 75],
  ['机场高速', 50, 30],
  ['京哈高速', 95, 55],
  ['京通快速路', 90, 30],
  ['京津高速', 125, 45],
  ['京沪高速', 140, 45],
  ['京开高速', 180, 40],
  ['京港澳高速', 210, 50],
  ['京昆高速', 235, 50],
  ['阜石路', 275, 30],
  ['京平高速', 65, 70],
];

function beijingPoints(n: number, seed: number): LatLng[] {
  const random = mulberry32(seed);
  const gauss = gaussOf(random);
  const townTotal = towns.reduce((s, t) => s + t[3], 0);
  const inBox = (p: LatLng) =>
    p.lat >= BEIJING_BOX.minLat && p.lat <= BEIJING_BOX.maxLat && p.lng >= BEIJING_BOX.minLng && p.lng <= BEIJING_BOX.maxLng;
  const one = (): LatLng => {
    const u = random();
    if (u < 0.6) {
      // inside the 5th ring (~15 × 13 km half-axes), denser toward the centre
      const r = random() ** 0.8;
      const a = random() * 2 * Math.PI;
      return offset(BEIJING, r * 13.5 * Math.sin(a), r * 15 * Math.cos(a));
    }
    if (u < 0.8) {
      let w = random() * townTotal;
      const town = towns.find((t) => (w -= t[3]) <= 0) ?? towns[0]!;
      return offset({ lat: town[1], lng: town[2] }, gauss() * town[4], gauss() * town[4]);
    }
    if (u < 0.9) {
      const road = radials[Math.floor(random() * radials.length)]!;
      const along = 8 + random() * (road[2] - 8);
      const side = gauss() * 0.3;
      const b = (road[1] * Math.PI) / 180;
      return offset(BEIJING, along * Math.cos(b) - side * Math.sin(b), along * Math.sin(b) + side * Math.cos(b));
    }
    return {
      lat: BEIJING_BOX.minLat + random() * (BEIJING_BOX.maxLat - BEIJING_BOX.minLat),
      lng: BEIJING_BOX.minLng + random() * (BEIJING_BOX.maxLng - BEIJING_BOX.minLng),
    };
  };
  const points: LatLng[] = [];
  while (points.length < n) {
    const p = one();
    if (inBox(p)) points.push(p);
  }
  return points;
}

// ---------------------------------------------------------------- what a station looks like (as the demo data)

const places = [
  '朝阳',
  '海淀',
  '丰台',
  '西城',
  '东城',
  '石景山',
  '通州',
  '顺义',
  '昌平',
  '大兴',
  '房山',
  '望京',
  '中关村',
  '国贸',
  '双井',
  '劲松',
  '卢沟桥',
  '太平桥',
  '东高地',
  '王佐',
  '空港',
  '后沙峪',
  '天竺',
  '牛栏山',
  '亦庄',
  '回龙观',
  '天通苑',
  '西红门',
  '良乡',
  '马驹桥',
  '宋庄',
  '永顺',
  '北苑',
  '和平里',
  '安贞',
  '甘家口',
  '五道口',
  '上地',
  '清河',
  '西三旗',
];
const hosts = [
  '社区服务站',
  '便民药店',
  '理发店',
  '快递网点',
  '写字楼服务中心',
  '便利店',
  '加油站',
  '公园管理处',
  '物业中心',
  '银行网点',
  '超市',
  '社区卫生站',
  '环卫所',
  '供电所',
  '公交场站',
];
const roads = ['路', '街', '大街', '南路', '北路', '西街', '东里', '南里', '胡同', '中路'];
const streets = [
  '建国',
  '光华',
  '朝阳北',
  '阜成',
  '学院',
  '知春',
  '丰台北',
  '京周',
  '南苑',
  '航城',
  '府前',
  '裕民',
  '顺平',
  '新华',
  '通惠',
  '育知',
];
const districts = ['朝阳区', '海淀区', '丰台区', '西城区', '东城区', '石景山区', '通州区', '顺义区', '昌平区', '大兴区', '房山区'];
const honours = ['北京市最美驿站', '全国最美工会户外劳动者服务站点', '市级示范驿站', '五星级工会驿站'];
const filler = '新华东西南北中和平安康福兴盛民生阳光家园景城';
/** Opening hours as staff type them, with their shares. */
const hourChoices: [string, number][] = [
  ['24小时', 0.1],
  ['每天 08:00-20:00', 0.35],
  ['每天 07:00-22:00', 0.2],
  ['周一至周五 09:00-18:00；周六 10:00-16:00', 0.2],
  ['每天 06:00-23:00', 0.1],
  ['每天 10:00-22:30', 0.05],
];
const parsedHours = hourChoices.map(([text, share]) => [parseHoursText(text) as OpeningHours, share] as const);

/** `text` cut or padded (with plausible characters) to `length` characters. */
function sized(text: string, length: number, random: Random): string {
  let out = text;
  while (out.length < length) out = filler[Math.floor(random() * filler.length)] + out;
  return out.slice(0, length);
}

function dress(location: LatLng, i: number, orgId: string, random: Random): Station {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const has = (p: number) => random() < p;
  const k = random();
  const kind: StationKind =
    k < 0.06
      ? 'workers-home'
      : k < 0.13
        ? 'nursing-room'
        : k < 0.28
          ? 'warm-station'
          : k < 0.45
            ? 'outdoor-worker-station'
            : 'union-station';
  const amenities = demoAmenities(has, kind);
  let w = random();
  const hours = parsedHours.find(([, share]) => (w -= share) <= 0)?.[0] ?? parsedHours[0]![0];
  const host = pick(hosts);
  const name = sized(`${pick(places)}${host}工会驿站${1 + (i % 60)}号`, 10 + Math.floor(random() * 7), random);
  const address = sized(
    `北京市${pick(districts)}${pick(places)}街道${pick(streets)}${pick(roads)}${1 + Math.floor(random() * 188)}号${host}`,
    20 + Math.floor(random() * 11),
    random,
  );
  return {
    id: `st-bench-${i.toString(36).padStart(6, '0')}`,
    externalId: `bench-${i}`,
    name,
    address,
    orgId,
    kind,
    location: { lat: Math.round(location.lat * 1e6) / 1e6, lng: Math.round(location.lng * 1e6) / 1e6 },
    amenities,
    hours: { ...hours, holidayNote: hours.allDay ? undefined : '春节期间开放时间另行通知' },
    managerPhone: `010-6${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
    photos: [],
    photoIds: [],
    honours: has(0.03) ? [pick(honours)] : [],
    status: has(0.01) ? 'temporarily-closed' : 'open',
    verifiedOn: '2026-10-15',
    demo: true,
    updatedAt: '2026-11-30T00:00:00.000Z',
  };
}

// ---------------------------------------------------------------- query kinds and brute force

/** A Wednesday in Beijing: 12:30 and 22:30 (+08:00). */
const NOON = new Date('2026-12-02T12:30:00+08:00');
const NIGHT = new Date('2026-12-02T22:30:00+08:00');

interface QueryKind {
  name: string;
  radius: number;
  filter: { amenities: Amenity[]; openNow: boolean; allDay: boolean; now: Date };
}
const kinds: QueryKind[] = [
  { name: 'nearest 10 within 5 km', radius: 5000, filter: { amenities: [], openNow: false, allDay: false, now: NOON } },
  {
    name: 'within 3 km, microwave + open, Wed 12:30',
    radius: 3000,
    filter: { amenities: ['microwave'], openNow: true, allDay: false, now: NOON },
  },
  {
    name: 'within 3 km, microwave + open, Wed 22:30',
    radius: 3000,
    filter: { amenities: ['microwave'], openNow: true, allDay: false, now: NIGHT },
  },
  { name: 'within 5 km, 24 h only', radius: 5000, filter: { amenities: [], openNow: false, allDay: true, now: NOON } },
];

type Expected = { id: string; d: number }[];

/** The first `LIMIT` matches by brute force over every station, by the search's own rules. */
function bruteForce(stations: Station[], center: LatLng, kind: QueryKind): Expected {
  const { radius, filter } = kind;
  // a generous box first (only to save time): the exact test is the distance below
  const dLat = (radius * 1.2) / 111_000 + 0.001;
  const dLng = (radius * 1.2) / (111_000 * Math.cos((Math.min(89, Math.abs(center.lat) + dLat) * Math.PI) / 180)) + 0.001;
  const found: Expected = [];
  for (const s of stations) {
    if (Math.abs(s.location.lat - center.lat) > dLat || Math.abs(s.location.lng - center.lng) > dLng) continue;
    const d = Math.round(distanceMeters(center, s.location));
    if (d > radius) continue;
    if (!filter.amenities.every((a) => s.amenities.includes(a))) continue;
    if (filter.openNow && !isOpen(openStateAt(s.hours as OpeningHours, s.status, filter.now))) continue;
    if (filter.allDay && !(s.hours.allDay && s.status === 'open')) continue;
    found.push({ id: s.id, d });
  }
  return found.sort((a, b) => a.d - b.d || a.id.localeCompare(b.id)).slice(0, LIMIT);
}

const same = (a: Expected, b: Expected) => a.length === b.length && a.every((x, i) => x.id === b[i]!.id && x.d === b[i]!.d);

// ---------------------------------------------------------------- figures

type Figures = {
  name: string;
  requests: number[];
  rounds: number[];
  items: number[];
  rcu: number[];
  rcu4k: number[];
  ms: number[];
  dirReads: number[];
  /** per search: tile cells and view cells read, Queries sent */
  tiles: number[];
  views: number[];
  queries: number[];
  /** live items read per search (LIVE=1) */
  live: number[];
  /** searches with more than 2 rounds that waited for no directory */
  over2: number;
  wrong: number;
  errors: number;
  empty: number;
};
const fresh = (name: string): Figures => ({
  name,
  requests: [],
  rounds: [],
  items: [],
  rcu: [],
  rcu4k: [],
  ms: [],
  dirReads: [],
  tiles: [],
  views: [],
  queries: [],
  live: [],
  over2: 0,
  wrong: 0,
  errors: 0,
  empty: 0,
});
/** What one search cost, into its kind's figures. */
function record(f: Figures, ms: number, stats: IndexReadStats) {
  f.ms.push(ms);
  f.requests.push(stats.requests);
  f.rounds.push(stats.rounds);
  f.items.push(stats.itemsRead);
  f.rcu.push(stats.readUnits);
  f.rcu4k.push(stats.readUnitsBy4k);
  f.dirReads.push(stats.directoryReads);
}
const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN);
const max = (v: number[]) => v.reduce((m, x) => Math.max(m, x), -Infinity);
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const p95 = (v: number[]) => (v.length ? percentile(v, 95) : NaN);

const HEADER =
  '| query | n | requests (mean) | rounds (mean / max) | items read (mean / p95) | RCU, DynamoDB Local (mean / p95) | RCU, 4 KB rule (mean / p95) | latency p50 / p95 ms | wrong answers |\n|---|---|---|---|---|---|---|---|---|';
const row = (f: Figures) =>
  `| ${f.name} | ${f.ms.length} | ${f1(mean(f.requests))} | ${f2(mean(f.rounds))} / ${max(f.rounds)} | ${f1(mean(f.items))} / ${p95(f.items)} | ${f2(mean(f.rcu))} / ${f1(p95(f.rcu))} | ${f2(mean(f.rcu4k))} / ${f1(p95(f.rcu4k))} | ${f1(percentile(f.ms, 50))} / ${f1(p95(f.ms))} | ${f.wrong}${f.errors ? ` (+${f.errors} errors)` : ''} |`;

const BREAKDOWN =
  '| query | tile cells read (mean / p95) | view cells read (mean / p95) | Queries (mean) | searches > 2 rounds without a directory read |\n|---|---|---|---|---|';
const breakdown = (f: Figures) =>
  `| ${f.name} | ${f1(mean(f.tiles))} / ${p95(f.tiles)} | ${f1(mean(f.views))} / ${p95(f.views)} | ${f2(mean(f.queries))} | ${f.over2} |`;

/** Keys of the index read by BatchGet since the last reset, by kind (the db client's send, watched). */
const keyCounts = { t: 0, w: 0, d: 0, queries: 0, live: 0 };
function watchIndexReads() {
  const client = db();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  (client as unknown as { send: (command: unknown) => Promise<unknown> }).send = async (command: unknown) => {
    const reply = (await send(command)) as { Responses?: Record<string, unknown[]> };
    const table = tableName('stationIndex');
    if (command instanceof BatchGetCommand) {
      const keys = (command.input.RequestItems?.[table]?.Keys ?? []) as { pk: string }[];
      for (const { pk } of keys) keyCounts[pk.startsWith('d#') ? 'd' : (pk[0] as 't' | 'w')] += 1;
    }
    if (command instanceof QueryCommand && command.input.TableName === table) {
      // one Query reads a run of neighbouring cells: count the cells it returned, and the Query
      const pk = command.input.ExpressionAttributeValues?.[':pk'] as string;
      const items = ((reply as { Items?: Record<string, unknown>[] }).Items ?? []) as Record<string, unknown>[];
      const live = items.filter(isLiveItem).length;
      keyCounts[pk[0] as 't' | 'w'] += items.length - live;
      keyCounts.live += live;
      keyCounts.queries += 1;
    }
    return reply;
  };
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

// ---------------------------------------------------------------- one set

async function runSet(setName: string): Promise<string> {
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const out: string[] = [];
  try {
    Object.assign(process.env, { DYNAMODB_ENDPOINT: dynamo.endpoint, STAGE: 'local', ...tableEnvironment('local') });
    closeDb(); // a client of the previous set's DynamoDB Local
    const client = localClient(dynamo.endpoint);
    await createLocalTables(client, 'local');
    forgetDirectories();

    const beijing = setName === 'beijing';
    const count = beijing ? BEIJING_STATIONS : STATIONS;
    const points = beijing ? beijingPoints(count, 11) : samplePoints(count, 1);
    const random = mulberry32(beijing ? 12 : 2);
    // loaders: contiguous geohash ranges, each with its own org (so they do not contend on one stats item)
    const byBits = points.map((p, i) => ({ p, i, bits: pointBits(p) })).sort((a, b) => (a.bits < b.bits ? -1 : a.bits > b.bits ? 1 : 0));
    const per = Math.ceil(byBits.length / LOADERS);
    const stations: Station[] = byBits.map(({ p, i }, n) => dress(p, i, `bench-${Math.floor(n / per)}`, random));
    out.push(`\n### ${setName}: ${count.toLocaleString('en')} stations\n`);

    let t = Date.now();
    let done = 0;
    const progress = setInterval(() => log(`  ${setName}: ${done.toLocaleString('en')} / ${count.toLocaleString('en')} loaded`), 60_000);
    await Promise.all(
      Array.from({ length: LOADERS }, async (_, k) => {
        // an org's import is a block of neighbours, but blocks arrive in no order (a city's
        // stations are not written west to east): blocks of 25 in geohash order, shuffled
        const blocks: Station[][] = [];
        const range = stations.slice(k * per, (k + 1) * per);
        for (let i = 0; i < range.length; i += 25) blocks.push(range.slice(i, i + 25));
        const shuffle = mulberry32(100 + k);
        for (let i = blocks.length - 1; i > 0; i--) {
          const j = Math.floor(shuffle() * (i + 1));
          [blocks[i], blocks[j]] = [blocks[j]!, blocks[i]!];
        }
        const part = blocks.flat();
        for (let i = 0; i < part.length; i += 500) {
          await putStations(part.slice(i, i + 500), (orgId) => [orgId]);
          done += Math.min(500, part.length - i);
        }
      }),
    );
    clearInterval(progress);
    const loadSeconds = (Date.now() - t) / 1000;
    log(`${setName}: loaded ${count} stations through putStations (${LOADERS} loaders) in ${loadSeconds.toFixed(0)} s`);
    out.push(
      `Loaded through \`putStations\` (${LOADERS} loaders on contiguous geohash ranges, blocks of 25 neighbours in random order): **${(loadSeconds / 60).toFixed(1)} min** (${((count / loadSeconds) | 0).toLocaleString('en')} stations/s).\n`,
    );

    // the index's shape: a Scan of stationIndex
    type Shape = { leaves: number; splitMarkers: number; entries: number[]; bytes: number[]; depth: number[] };
    const shapes = new Map<string, Shape>();
    let directories = 0;
    let directoryMaxBytes = 0;
    let cursor: Record<string, unknown> | undefined;
    do {
      const reply: ScanCommandOutput = await db().send(
        new ScanCommand({ TableName: tableName('stationIndex'), ExclusiveStartKey: cursor }),
      );
      for (const item of reply.Items ?? []) {
        const pk = item.pk as string;
        if (pk.startsWith('d#')) {
          directories++;
          directoryMaxBytes = Math.max(directoryMaxBytes, itemBytes(item));
          continue;
        }
        const key = `${pk[0] === 't' ? 'tiles' : 'views'}, layer ${pk[1]}`;
        const shape = shapes.get(key) ?? shapes.set(key, { leaves: 0, splitMarkers: 0, entries: [], bytes: [], depth: [] }).get(key)!;
        if (item.split) {
          shape.splitMarkers++;
          continue;
        }
        shape.leaves++;
        shape.entries.push(Object.keys(item).filter((k) => !['pk', 'sk', 'v', 'split'].includes(k)).length);
        shape.bytes.push(itemBytes(item));
        shape.depth.push((item.sk as string).length);
      }
      cursor = reply.LastEvaluatedKey;
    } while (cursor);
    out.push(`Index shape (a Scan of stationIndex after the load; ${directories} directory items, largest ${directoryMaxBytes} bytes):\n`);
    out.push(
      '| items | leaf items | split markers | entries per leaf (mean / max) | item bytes (mean / p95 / max) | cell depth in bits (min / median / max) |',
    );
    out.push('|---|---|---|---|---|---|');
    for (const [key, s] of [...shapes].sort())
      out.push(
        `| ${key} | ${s.leaves} | ${s.splitMarkers} | ${f1(mean(s.entries))} / ${max(s.entries)} | ${mean(s.bytes).toFixed(0)} / ${p95(s.bytes)} / ${max(s.bytes)} | ${Math.min(...s.depth)} / ${percentile(s.depth, 50)} / ${max(s.depth)} |`,
      );
    log(out.slice(-shapes.size - 3).join('\n'));

    // dynamodb-geo: its own table layout (hash key = first digits of an S2 cell id, geohash LSI)
    let geoManager: { queryRadius(input: unknown): Promise<{ geoJson: { S: string }; rangeKey: { S: string } }[]> } | undefined;
    const geoStats = { requests: 0, items: 0, rcu: 0, depth: 0, finished: 0 };
    if (GEO) {
      const AWS = require(join(__dirname, 'node_modules', 'aws-sdk'));
      const ddbGeo = require(join(__dirname, 'node_modules', 'dynamodb-geo'));
      const ddb = new AWS.DynamoDB({
        endpoint: dynamo.endpoint,
        region: 'cn-north-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const config = new ddbGeo.GeoDataManagerConfiguration(ddb, 'bench-dynamodb-geo');
      config.hashKeyLength = HASH_KEY_LENGTH;
      config.longitudeFirst = true;
      geoManager = new ddbGeo.GeoDataManager(config);
      await ddb.createTable(ddbGeo.GeoTableUtil.getCreateTableRequest(config)).promise();
      t = Date.now();
      const writeGeo = async (from: number, to: number) => {
        for (let i = from; i < to; i += 25) {
          const batch = stations.slice(i, Math.min(i + 25, to)).map((s) => ({
            RangeKeyValue: { S: s.id },
            GeoPoint: { latitude: s.location.lat, longitude: s.location.lng },
            PutItemInput: { Item: { name: { S: s.name } } },
          }));
          let reply = await (
            geoManager as unknown as { batchWritePoints(b: unknown): { promise(): Promise<{ UnprocessedItems?: object }> } }
          )
            .batchWritePoints(batch)
            .promise();
          while (reply.UnprocessedItems && Object.keys(reply.UnprocessedItems).length)
            reply = await ddb.batchWriteItem({ RequestItems: reply.UnprocessedItems }).promise();
        }
      };
      const chunk = Math.ceil(stations.length / 8);
      await Promise.all(Array.from({ length: 8 }, (_, k) => writeGeo(k * chunk, Math.min((k + 1) * chunk, stations.length))));
      log(`${setName}: loaded the dynamodb-geo table (hashKeyLength ${HASH_KEY_LENGTH}) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
      // count its requests, items, read units and sequential rounds (a request's round: one more
      // than the deepest of this search's requests that had finished when it started)
      const originalQuery = ddb.query.bind(ddb);
      ddb.query = (params: Record<string, unknown>) => {
        const depth = geoStats.finished + 1;
        const request = originalQuery({ ...params, ReturnConsumedCapacity: 'TOTAL' });
        return {
          promise: async () => {
            const reply = await request.promise();
            geoStats.requests += 1;
            geoStats.items += reply.ScannedCount ?? reply.Count ?? 0;
            geoStats.rcu += reply.ConsumedCapacity?.CapacityUnits ?? 0;
            geoStats.depth = Math.max(geoStats.depth, depth);
            geoStats.finished = Math.max(geoStats.finished, depth);
            return reply;
          },
        };
      };
    }

    // queries
    const queries = beijing ? beijingPoints(QUERIES, 21) : samplePoints(QUERIES, 22);
    const figures = kinds.map((k) => fresh(k.name));
    const geo = fresh(`dynamodb-geo 0.4.0 (hashKeyLength ${HASH_KEY_LENGTH}), within 5 km`);
    let directoryReads = 0;
    let mismatchesShown = 0;
    watchIndexReads();
    const search = async (center: LatLng, kind: QueryKind) => {
      Object.assign(keyCounts, { t: 0, w: 0, d: 0, queries: 0, live: 0 });
      const stats = freshReadStats();
      const start = performance.now();
      // as the route asks: a page of 10 with its rows, and whether there is more
      const { hits } = await searchIndex({ center, radiusMeters: kind.radius, want: LIMIT, more: true, filter: kind.filter, stats });
      const ms = performance.now() - start;
      return { ms, stats, hits, got: hits.slice(0, LIMIT).map((h) => ({ id: h.view.id, d: h.distanceMeters })) };
    };
    t = Date.now();
    for (const [i, center] of queries.entries()) {
      for (const [k, kind] of kinds.entries()) {
        const f = figures[k]!;
        const expected = bruteForce(stations, center, kind);
        try {
          const { ms, stats, got } = await search(center, kind);
          record(f, ms, stats);
          f.tiles.push(keyCounts.t);
          f.views.push(keyCounts.w);
          f.queries.push(keyCounts.queries);
          if (stats.rounds > 2 && stats.directoryWaits === 0) {
            f.over2++;
            log(
              `  ${stats.rounds} rounds: ${setName} #${i} ${kind.name} at ${center.lat},${center.lng} (${keyCounts.t} tiles, ${keyCounts.w} views)`,
            );
          }
          directoryReads += stats.directoryReads;
          if (expected.length === 0) f.empty++;
          if (!same(got, expected)) {
            f.wrong++;
            if (mismatchesShown++ < 10)
              log(
                `  WRONG ${setName} #${i} ${kind.name} at ${center.lat},${center.lng}\n    expected ${JSON.stringify(expected)}\n    got      ${JSON.stringify(got)}`,
              );
          }
        } catch (error) {
          f.errors++;
          log(`  ERROR ${setName} #${i} ${kind.name} at ${center.lat},${center.lng}: ${(error as Error).stack}`);
        }
      }
      if (geoManager && i < GEO_QUERIES) {
        Object.assign(geoStats, { requests: 0, items: 0, rcu: 0, depth: 0, finished: 0 });
        const start = performance.now();
        const geoItems = await geoManager.queryRadius({
          RadiusInMeter: 5000,
          CenterPoint: { latitude: center.lat, longitude: center.lng },
        });
        const nearest = geoItems
          .map((item) => {
            const [lng, lat] = JSON.parse(item.geoJson.S).coordinates as [number, number];
            return { id: item.rangeKey.S, d: Math.round(distanceMeters(center, { lat, lng })) };
          })
          .filter((g) => g.d <= 5000)
          .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
          .slice(0, LIMIT);
        geo.ms.push(performance.now() - start);
        geo.requests.push(geoStats.requests);
        geo.rounds.push(geoStats.depth);
        geo.items.push(geoStats.items);
        geo.rcu.push(geoStats.rcu);
        geo.rcu4k.push(NaN);
        if (!same(nearest, bruteForce(stations, center, kinds[0]!))) geo.wrong++;
      }
      if ((i + 1) % 100 === 0) log(`  ${setName}: ${i + 1}/${queries.length} points (${kinds.length} searches each)`);
    }
    const querySeconds = (Date.now() - t) / 1000;
    geo.rcu4k = [];

    // cold: a container's first search (directories not cached), on the first COLD points
    const cold = kinds.map((k) => fresh(k.name));
    for (const center of queries.slice(0, COLD))
      for (const [k, kind] of kinds.entries()) {
        forgetDirectories();
        const { ms, stats, got } = await search(center, kind);
        const f = cold[k]!;
        record(f, ms, stats);
        if (!same(got, bruteForce(stations, center, kind))) f.wrong++;
      }

    out.push(
      `\nWarm (one container, directories cached; older than 60 s they are read again in the background, not waited for): ${QUERIES} points × ${kinds.length} query kinds in ${querySeconds.toFixed(0)} s; **${directoryReads} directory reads** in the whole run (${f2(directoryReads / (QUERIES * kinds.length))} per search). Empty answers (nothing matches within the radius): ${figures.map((f) => `${((f.empty / f.ms.length) * 100).toFixed(1)} %`).join(' / ')}.\n`,
    );
    out.push(HEADER);
    for (const f of figures) out.push(row(f));
    if (geoManager) out.push(row(geo).replace(/\| – \/ – \|/, '| – |'));
    out.push(`\nWhat the searches above read (keys asked of stationIndex):\n`);
    out.push(BREAKDOWN);
    for (const f of figures) out.push(breakdown(f));
    out.push(`\nCold (directories forgotten before each search; first ${COLD} points):\n`);
    out.push(HEADER.replace('| wrong answers |', '| directory reads (mean) | wrong answers |').replace(/\|---\|$/, '|---|---|'));
    for (const f of cold) out.push(row(f).replace(/ \| ([^|]*) \|$/, ` | ${f1(mean(f.dirReads))} | $1 |`));

    if (LIVE) {
      // issue 14: the same warm searches with live items in the view partitions
      const written = await writeLive(stations);
      const withLive = kinds.map((k) => fresh(k.name));
      let rows = 0;
      let liveWrong = 0;
      t = Date.now();
      for (const [i, center] of queries.entries())
        for (const [k, kind] of kinds.entries()) {
          const f = withLive[k]!;
          try {
            const { ms, stats, hits, got } = await search(center, kind);
            record(f, ms, stats);
            f.tiles.push(keyCounts.t);
            f.views.push(keyCounts.w);
            f.queries.push(keyCounts.queries);
            f.live.push(keyCounts.live);
            if (!same(got, bruteForce(stations, center, kind))) f.wrong++;
            for (const hit of hits.slice(0, LIMIT)) {
              rows++;
              const shown = summarise(hit.live, kind.filter.now);
              const want = written.expected.get(hit.view.id);
              // the reports were made in the 100 minutes before 12:30: gone by 22:30
              const people = kind.filter.now === NOON ? (want?.people ?? 0) : 0;
              if (shown.todayVisits !== (want?.visits ?? 0) || shown.reports.reduce((sum, r) => sum + r.people, 0) !== people) {
                liveWrong++;
                if (liveWrong <= 5) log(`  LIVE WRONG ${hit.view.id}: ${JSON.stringify(shown)} expected ${JSON.stringify(want)}`);
              }
            }
          } catch (error) {
            f.errors++;
            log(`  ERROR live #${i} ${kind.name} at ${center.lat},${center.lng}: ${(error as Error).stack}`);
          }
        }
      out.push(
        `\nWith live items (LIVE=1): ${written.visited.toLocaleString('en')} stations visited that day (1–40 visits), ${written.reported.toLocaleString('en')} with reports (1–3 people); ${written.items.toLocaleString('en')} live items written (one per layer a station is in; ${written.meanBytes.toFixed(0)} bytes on average) in ${written.seconds.toFixed(0)} s. The same ${QUERIES} points × ${kinds.length} kinds, warm, in ${((Date.now() - t) / 1000).toFixed(0)} s; live status of the rows shown (today's visits, people reporting) wrong: ${liveWrong} of ${rows.toLocaleString('en')}.\n`,
      );
      out.push(HEADER);
      for (const f of withLive) out.push(row(f));
      out.push(`\nWhat they read, live items apart:\n`);
      out.push(
        BREAKDOWN.replace('| Queries (mean) |', '| live items read (mean / p95) | Queries (mean) |').replace(/\|---\|$/, '|---|---|'),
      );
      for (const f of withLive)
        out.push(breakdown(f).replace(/ \| ([^|]*) \| ([^|]*) \|$/, ` | ${f1(mean(f.live))} / ${p95(f.live)} | $1 | $2 |`));
    }
    client.destroy();
    closeDb();
    log(out.join('\n'));
    return out.join('\n');
  } finally {
    await dynamo.stop();
  }
}

/**
 * Live items for a share of the stations (issue 14), as the visit and tap routes write them (liveSteps,
 * one Update per layer the station is in), on the day of NOON: what each station's row should show.
 */
async function writeLive(stations: Station[]) {
  const random = mulberry32(31);
  const expected = new Map<string, { visits: number; people: number }>();
  const steps: ReturnType<typeof liveSteps> = [];
  let reported = 0;
  for (const station of stations) {
    const visits = random() < LIVE_VISITED ? 1 + Math.floor(random() * 40) : 0;
    const people = random() < LIVE_REPORTED ? 1 + Math.floor(random() * 3) : 0;
    if (!visits && !people) continue;
    if (people) reported++;
    const reports = Array.from({ length: people }, (_, p) => {
      const code = (['c', 'h', 'b'] as ReportCode[])[Math.floor(random() * 3)]!;
      return reportElement(code, `bench-${station.id}-${p}`, station.id, new Date(NOON.getTime() - Math.floor(random() * 100) * 60_000));
    });
    expected.set(station.id, { visits, people });
    steps.push(...liveSteps(station, layersOf(station), { visits, reports }, NOON));
  }
  const t = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < steps.length) await db().send(new UpdateCommand(steps[next++]!.Update));
    }),
  );
  // as stored: the key, the count and expiry (numbers), the report elements
  const bytes = steps.map(({ Update: u }) =>
    itemBytes({ ...u.Key, v: 0, expiresAt: 0, r: [...((u.ExpressionAttributeValues[':r'] as Set<string> | undefined) ?? [])].join('') }),
  );
  return {
    expected,
    visited: [...expected.values()].filter((e) => e.visits > 0).length,
    reported,
    items: steps.length,
    meanBytes: mean(bytes),
    seconds: (Date.now() - t) / 1000,
  };
}

async function main() {
  const started = Date.now();
  const sections: string[] = [];
  for (const set of SETS) sections.push(await runSet(set));
  console.log(`\n\n======== figures (${((Date.now() - started) / 60_000).toFixed(1)} min in all) ========`);
  console.log(sections.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
