import type { Org, OrgLevel } from '../../shared/schemas/org';

/**
 * The org tree named in the source articles (seeds/), plus a few grassroots unions for demos. Codes:
 * the administrative division code for the city and districts, then a made-up street and unit suffix.
 */
type Row = [id: string, code: string, name: string, shortName: string, level: OrgLevel, parentId: string | null];

const rows: Row[] = [
  ['beijing', '110000', '北京市总工会', '市总工会', 'city', null],
  ['fengtai', '110106', '丰台区总工会', '丰台区', 'district', 'beijing'],
  ['fengtai-lugouqiao', '110106001', '卢沟桥街道总工会', '卢沟桥街道', 'street', 'fengtai'],
  ['fengtai-lugouqiao-logistics', '110106001-01', '卢沟桥街道快递物流行业联合工会', '快递物流联合工会', 'grassroots', 'fengtai-lugouqiao'],
  ['fengtai-lugouqiao-parks', '110106001-02', '卢沟桥街道产业园区联合工会', '产业园区联合工会', 'grassroots', 'fengtai-lugouqiao'],
  ['fengtai-taipingqiao', '110106002', '太平桥街道总工会', '太平桥街道', 'street', 'fengtai'],
  ['fengtai-taipingqiao-shouke', '110106002-01', '首科大厦楼宇工会', '首科大厦楼宇工会', 'grassroots', 'fengtai-taipingqiao'],
  ['fengtai-donggaodi', '110106003', '东高地街道总工会', '东高地街道', 'street', 'fengtai'],
  ['fengtai-donggaodi-wanyuan', '110106003-01', '万源楼宇工会', '万源楼宇工会', 'grassroots', 'fengtai-donggaodi'],
  ['fengtai-wangzuo', '110106004', '王佐镇总工会', '王佐镇', 'street', 'fengtai'],
  ['fengtai-wangzuo-community', '110106004-01', '王佐镇社区联合工会', '社区联合工会', 'grassroots', 'fengtai-wangzuo'],
  ['shunyi', '110113', '顺义区总工会', '顺义区', 'district', 'beijing'],
  ['shunyi-konggang', '110113001', '空港街道总工会', '空港街道', 'street', 'shunyi'],
  ['shunyi-konggang-zhongliang', '110113001-01', '中粮社区联合工会', '中粮社区联合工会', 'grassroots', 'shunyi-konggang'],
  ['shunyi-houshayu', '110113002', '后沙峪镇总工会', '后沙峪镇', 'street', 'shunyi'],
  ['shunyi-houshayu-qihang', '110113002-01', '绿地启航国际楼宇联合工会', '启航国际楼宇工会', 'grassroots', 'shunyi-houshayu'],
  ['shunyi-tianzhu', '110113003', '天竺镇总工会', '天竺镇', 'street', 'shunyi'],
  ['shunyi-niulanshan', '110113004', '牛栏山镇总工会', '牛栏山镇', 'street', 'shunyi'],
  ['shunyi-shuangfeng', '110113005', '双丰街道总工会', '双丰街道', 'street', 'shunyi'],
];

function pathOf(id: string): string[] {
  const row = rows.find((r) => r[0] === id);
  if (!row) throw new Error(`demo org ${id} is missing`);
  return row[5] ? [...pathOf(row[5]), id] : [id];
}

export const demoOrgs: Org[] = rows.map(([id, code, name, shortName, level, parentId]) => ({
  id,
  code,
  status: 'open',
  name,
  shortName,
  level,
  parentId,
  path: pathOf(id),
}));
