/** Answers of the outreach routes as the API sends them, for the jsdom tests of this feature. */
const org = (id: string, name: string, level: string, parentId: string | null) => ({
  id,
  code: `C${id.replace(/[^a-z0-9]/g, '')}`,
  status: 'open',
  name,
  shortName: name.replace('总工会', ''),
  level,
  parentId,
  path: parentId ? ['beijing', parentId, id] : [id],
});
export const fengtai = org('fengtai', '丰台区总工会', 'district', 'beijing');
export const lugouqiao = org('fengtai-lugouqiao', '卢沟桥街道总工会', 'street', 'fengtai');
export const scope = { actingOrg: fengtai, tree: { roots: [{ ...fengtai, children: [{ ...lugouqiao, children: [] }] }], count: 2 } };

export const event = {
  id: 'ev-1',
  kind: 'worker',
  hostOrgId: 'fengtai-lugouqiao',
  hostOrgName: '卢沟桥街道总工会',
  name: '卢沟桥新就业形态劳动者沟通会',
  place: '卢沟桥文化广场',
  location: { lat: 39.8605, lng: 116.2541 },
  // 12:00–14:00 in Beijing, a Wednesday
  startsAt: '2023-11-29T04:00:00.000Z',
  endsAt: '2023-11-29T06:00:00.000Z',
  services: [
    { key: 'haircut', name: '理发', capacity: 30 },
    { key: 'legal', name: '法律咨询' },
    { key: 'c-3f2a9b1c', name: '手机贴膜' },
  ],
  staffIds: ['u-li'],
  status: 'open',
  createdAt: '2023-11-20T02:00:00.000Z',
  updatedAt: '2023-11-20T02:00:00.000Z',
};

export const figures = {
  eventId: 'ev-1',
  services: [
    { key: 'haircut', name: '理发', capacity: 30, registered: 28, waitlisted: 3, leased: 2, tallied: 0 },
    { key: 'legal', name: '法律咨询', registered: 0, waitlisted: 0, leased: 0, tallied: 41 },
    { key: 'c-3f2a9b1c', name: '手机贴膜', registered: 0, waitlisted: 0, leased: 0, tallied: 0 },
  ],
  tallies: { consult: 120, leaflet: 1146, aidCard: 37 },
  checkins: 52,
  joins: {
    total: 165,
    byHour: [
      { hour: '12:00', joins: 97 },
      { hour: '13:00', joins: 68 },
    ],
    byOccupation: [
      { occupation: 'courier', label: '快递员', count: 40 },
      { occupation: 'food-delivery', label: '外卖配送员', count: 110 },
      { occupation: 'other', label: '其他', count: 15 },
    ],
  },
  leases: [],
  updatedAt: '2023-11-29T05:03:00.000Z',
};
