/**
 * The columns of the station import (CSV or .xlsx, docs/stations.md): the key the code reads, the
 * Chinese heading staff write (and see in the import's report), other headings taken for the same
 * column, and an example cell for the import page's help. The English keys stay valid headings, so
 * files written for the first version (and the export) still import.
 */
export interface StationColumn {
  key: string;
  heading: string;
  aliases: string[];
  example: string;
  required: boolean;
}

const column = (key: string, heading: string, example: string, required: boolean, aliases: string[] = []): StationColumn => ({
  key,
  heading,
  aliases,
  example,
  required,
});

export const stationColumns: StationColumn[] = [
  column('externalId', '外部编号', 'lgq-001', true, ['编号', '驿站编号']),
  column('name', '名称', '卢沟桥社区工会驿站', true, ['驿站名称']),
  column('address', '地址', '北京市丰台区卢沟桥南里 12 号', true, ['驿站地址']),
  column('orgCode', '所属组织代码', '110106001', false, ['组织代码', '所属工会组织代码']),
  column('kind', '类型', '工会驿站', false, ['驿站类型']),
  column('lat', '纬度', '39.8605', true),
  column('lng', '经度', '116.2541', true),
  column('amenities', '设施', '热水饮水|微波炉热饭|手机充电', false),
  column('hours', '开放时间', '每天 08:00-20:00', true),
  column('holidayNote', '节假日说明', '春节期间另行通知', false),
  column('managerPhone', '联系电话', '010-61234567', false, ['电话']),
  column('status', '状态', '开放', false),
  column('verifiedOn', '核实日期', '2026-10-15', false),
  column('photos', '照片', '', false, ['照片链接']),
  column('honours', '荣誉', '', false),
  // the internal org id of the first version; 所属组织代码 is what staff know
  column('orgId', 'orgId', 'fengtai-lugouqiao', false),
];

const byHeading = new Map<string, string>(
  stationColumns.flatMap((c) => [c.key, c.heading, ...c.aliases].map((h) => [h.toLowerCase(), c.key] as [string, string])),
);

/** A heading as written in row 1 → the column's key; null for a column the import does not read. */
export const columnKeyOf = (heading: string): string | null => byHeading.get(heading.trim().toLowerCase()) ?? null;

/** A column key → its Chinese heading, for messages ("第 3 行 · 纬度：…"); other names unchanged. */
export const columnHeadingOf = (key: string): string => stationColumns.find((c) => c.key === key)?.heading ?? key;
