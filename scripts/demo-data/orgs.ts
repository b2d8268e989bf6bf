import type { Org, OrgLevel } from '../../shared/schemas/org';

/** The org tree named in the source articles (seeds/), plus a few grassroots unions for demos. */
type Row = [id: string, name: string, shortName: string, level: OrgLevel, parentId: string | null];

const rows: Row[] = [
  ['beijing', '北京市总工会', '市总工会', 'city', null],
  ['fengtai', '丰台区总工会', '丰台区', 'district', 'beijing'],
  ['fengtai-lugouqiao', '卢沟桥街道总工会', '卢沟桥街道', 'street', 'fengtai'],
  ['fengtai-lugouqiao-logistics', '卢沟桥街道快递物流行业联合工会', '快递物流联合工会', 'grassroots', 'fengtai-lugouqiao'],
  ['fengtai-lugouqiao-parks', '卢沟桥街道产业园区联合工会', '产业园区联合工会', 'grassroots', 'fengtai-lugouqiao'],
  ['fengtai-taipingqiao', '太平桥街道总工会', '太平桥街道', 'street', 'fengtai'],
  ['fengtai-taipingqiao-shouke', '首科大厦楼宇工会', '首科大厦楼宇工会', 'grassroots', 'fengtai-taipingqiao'],
  ['fengtai-donggaodi', '东高地街道总工会', '东高地街道', 'street', 'fengtai'],
  ['fengtai-donggaodi-wanyuan', '万源楼宇工会', '万源楼宇工会', 'grassroots', 'fengtai-donggaodi'],
  ['fengtai-wangzuo', '王佐镇总工会', '王佐镇', 'street', 'fengtai'],
  ['fengtai-wangzuo-community', '王佐镇社区联合工会', '社区联合工会', 'grassroots', 'fengtai-wangzuo'],
  ['shunyi', '顺义区总工会', '顺义区', 'district', 'beijing'],
  ['shunyi-konggang', '空港街道总工会', '空港街道', 'street', 'shunyi'],
  ['shunyi-konggang-zhongliang', '中粮社区联合工会', '中粮社区联合工会', 'grassroots', 'shunyi-konggang'],
  ['shunyi-houshayu', '后沙峪镇总工会', '后沙峪镇', 'street', 'shunyi'],
  ['shunyi-houshayu-qihang', '绿地启航国际楼宇联合工会', '启航国际楼宇工会', 'grassroots', 'shunyi-houshayu'],
  ['shunyi-tianzhu', '天竺镇总工会', '天竺镇', 'street', 'shunyi'],
  ['shunyi-niulanshan', '牛栏山镇总工会', '牛栏山镇', 'street', 'shunyi'],
  ['shunyi-shuangfeng', '双丰街道总工会', '双丰街道', 'street', 'shunyi'],
];

function pathOf(id: string): string[] {
  const row = rows.find((r) => r[0] === id);
  if (!row) throw new Error(`demo org ${id} is missing`);
  return row[4] ? [...pathOf(row[4]), id] : [id];
}

export const demoOrgs: Org[] = rows.map(([id, name, shortName, level, parentId]) => ({
  id,
  name,
  shortName,
  level,
  parentId,
  path: pathOf(id),
}));
