import type { LatLng } from './schemas/station';

/**
 * Street/town centres (GCJ-02, approximate) a worker can pick when the phone will not share its
 * location. The demo stations are placed around the same centres.
 */
export const areas: { orgId: string; district: string; name: string; center: LatLng }[] = [
  { orgId: 'fengtai-lugouqiao', district: '丰台区', name: '卢沟桥街道', center: { lat: 39.859, lng: 116.256 } },
  { orgId: 'fengtai-taipingqiao', district: '丰台区', name: '太平桥街道', center: { lat: 39.87, lng: 116.328 } },
  { orgId: 'fengtai-donggaodi', district: '丰台区', name: '东高地街道', center: { lat: 39.801, lng: 116.404 } },
  { orgId: 'fengtai-wangzuo', district: '丰台区', name: '王佐镇', center: { lat: 39.805, lng: 116.176 } },
  { orgId: 'shunyi-konggang', district: '顺义区', name: '空港街道', center: { lat: 40.076, lng: 116.585 } },
  { orgId: 'shunyi-houshayu', district: '顺义区', name: '后沙峪镇', center: { lat: 40.113, lng: 116.53 } },
  { orgId: 'shunyi-tianzhu', district: '顺义区', name: '天竺镇', center: { lat: 40.06, lng: 116.596 } },
  { orgId: 'shunyi-niulanshan', district: '顺义区', name: '牛栏山镇', center: { lat: 40.225, lng: 116.664 } },
  { orgId: 'shunyi-shuangfeng', district: '顺义区', name: '双丰街道', center: { lat: 40.15, lng: 116.68 } },
];
