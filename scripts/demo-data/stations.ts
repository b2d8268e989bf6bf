import { areas } from '../../shared/areas';
import type { Amenity, OpeningHours, StationInput, StationKind } from '../../shared/schemas/station';
import { parseHoursText } from '../../shared/hours-text';

/**
 * Demo stations around the streets and towns of the source articles, in the counts they report
 * (卢沟桥 35, 太平桥 38, 东高地 36, 王佐镇 39, 顺义 42). Positions, amenities and hours are made
 * up but plausible, and the same on every run (seeded). All are marked demo.
 */
const counts: Record<string, number> = {
  'fengtai-lugouqiao': 35,
  'fengtai-taipingqiao': 38,
  'fengtai-donggaodi': 36,
  'fengtai-wangzuo': 39,
  'shunyi-konggang': 14,
  'shunyi-houshayu': 12,
  'shunyi-tianzhu': 6,
  'shunyi-niulanshan': 5,
  'shunyi-shuangfeng': 5,
};

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
];
const roads = ['路', '街', '大街', '南路', '北路', '西街', '东里', '南里'];
const hourChoices = [
  '24小时',
  '每天 08:00-20:00',
  '每天 07:00-22:00',
  '周一至周五 09:00-18:00；周六 10:00-16:00',
  '每天 06:00-21:00',
  '24小时',
];

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A station's amenities with the odds the demo uses (hot water and seats everywhere, microwave 55 % …); the nearby bench draws its stations the same way. */
export function demoAmenities(has: (share: number) => boolean, kind: StationKind): Amenity[] {
  const amenityList: Amenity[] = ['hot-water', 'seats'];
  if (has(0.55)) amenityList.push('microwave');
  if (has(0.85)) amenityList.push('charging');
  if (has(0.5)) amenityList.push('toilet');
  if (has(0.6)) amenityList.push('first-aid');
  if (has(0.4)) amenityList.push('rain-gear');
  if (has(0.3)) amenityList.push('sewing-kit');
  if (has(0.35)) amenityList.push('tyre-pump');
  if (has(0.25) || kind === 'nursing-room') amenityList.push('womens-supplies');
  if (has(0.3)) amenityList.push('fridge');
  if (has(0.3)) amenityList.push('books');
  if (has(0.5)) amenityList.push('heating-cooling');
  if (has(0.1)) amenityList.push('bike-lending');
  if (has(0.45)) amenityList.push('wifi');
  return amenityList;
}

export function demoStations(): StationInput[] {
  const random = mulberry32(20261122);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const stations: StationInput[] = [];
  for (const area of areas) {
    for (let n = 1; n <= counts[area.orgId]!; n++) {
      // uniform in a disc of ~1.6 km around the centre
      const r = 1600 * Math.sqrt(random());
      const a = random() * 2 * Math.PI;
      const lat = area.center.lat + (r * Math.sin(a)) / 111_320;
      const lng = area.center.lng + (r * Math.cos(a)) / (111_320 * Math.cos((area.center.lat * Math.PI) / 180));
      const kind: StationKind =
        n % 17 === 0
          ? 'workers-home'
          : n % 13 === 0
            ? 'nursing-room'
            : area.orgId === 'fengtai-donggaodi'
              ? 'warm-station'
              : n % 5 === 0
                ? 'outdoor-worker-station'
                : 'union-station';
      const has = (p: number) => random() < p;
      const amenityList = demoAmenities(has, kind);
      const host = pick(hosts);
      const hours = parseHoursText(pick(hourChoices)) as OpeningHours;
      stations.push({
        externalId: `demo-${area.orgId}-${String(n).padStart(2, '0')}`,
        name: `${area.name.replace(/街道|镇/, '')}${host}工会驿站${n}号`,
        address: `北京市${area.district}${area.name}${pick(['丰台', '京周', '卢沟桥', '正阳', '南苑', '航城', '机场', '府前', '裕民', '顺平'])}${pick(roads)}${1 + Math.floor(random() * 188)}号${host}`,
        orgId: area.orgId,
        kind,
        location: { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 },
        amenities: amenityList,
        hours: { ...hours, holidayNote: hours.allDay ? undefined : '春节期间开放时间另行通知' },
        managerPhone: `010-6${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
        photos: [],
        honours: n === 7 || n === 21 ? ['北京市最美驿站'] : [],
        status: n === 11 ? 'temporarily-closed' : 'open',
        verifiedOn: '2026-10-15',
      });
    }
  }
  return stations;
}
