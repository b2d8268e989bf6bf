import Papa from 'papaparse';
import { amenities, stationKindLabel, StationInput, type Amenity, type Station, type StationKind } from '../../shared/schemas/station';
import { formatHoursText, parseHoursText } from '../../shared/hours-text';
import { columnHeadingOf, columnKeyOf } from '../../shared/station-columns';
import type { SheetRow } from '../lib/spreadsheet';

/**
 * The CSV columns for import and export (docs/stations.md). Amenities, kind and status may be
 * written in Chinese or as codes; lists are separated by "|" or "、".
 */
export const CSV_COLUMNS = [
  'externalId',
  'name',
  'address',
  'orgId',
  'kind',
  'lat',
  'lng',
  'amenities',
  'hours',
  'holidayNote',
  'managerPhone',
  'status',
  'verifiedOn',
  'photos',
  'honours',
] as const;

const kindByLabel = new Map<string, StationKind>(Object.entries(stationKindLabel).map(([code, label]) => [label, code as StationKind]));
const amenityByLabel = new Map<string, Amenity>(
  Object.entries(amenities).flatMap(([code, a]) => [
    [a.label, code as Amenity],
    [a.glyph, code as Amenity],
  ]),
);
const statusByLabel: Record<string, string> = { 开放: 'open', 暂停开放: 'temporarily-closed' };
const list = (cell: string | undefined) =>
  (cell ?? '')
    .split(/[|、]/)
    .map((s) => s.trim())
    .filter(Boolean);
const blank = (cell: string | undefined) => (cell && cell.trim() ? cell.trim() : undefined);

export type RowError = { row: number; field: string; message: string };
/** A data row by column name, with its number as the spreadsheet shows it (the header is row 1). */
export type ImportRow = { row: number; cells: Record<string, string> };

const REQUIRED_COLUMNS = ['externalId', 'name', 'lat', 'lng', 'hours'];

/**
 * Row 1's headings as column keys (Chinese headings, their aliases and the English keys alike;
 * shared/station-columns.ts), null for a column the import does not read, and what is wrong with
 * the header: a required column missing, or one column written twice (名称 and name).
 */
function readHeader(headings: string[]): { keys: (string | null)[]; errors: RowError[] } {
  const keys = headings.map(columnKeyOf);
  const errors: RowError[] = [];
  const seen = new Map<string, string>();
  headings.forEach((heading, i) => {
    const key = keys[i];
    if (!key) return;
    const earlier = seen.get(key);
    if (earlier !== undefined) errors.push({ row: 1, field: key, message: `“${earlier}”和“${heading.trim()}”是同一列，请只留一个` });
    else seen.set(key, heading.trim());
  });
  for (const key of REQUIRED_COLUMNS) if (!seen.has(key)) errors.push({ row: 1, field: key, message: `缺少“${columnHeadingOf(key)}”列` });
  if (!seen.has('orgCode') && !seen.has('orgId')) errors.push({ row: 1, field: 'orgCode', message: '缺少“所属组织代码”列' });
  return { keys, errors };
}

export function parseCsv(text: string): { rows: ImportRow[]; errors: RowError[] } {
  const body = text.replace(/^\uFEFF/, '');
  const headings = (Papa.parse<string[]>(body, { preview: 1 }).data[0] ?? []).map((h) => h.trim());
  const header = readHeader(headings);
  const parsed = Papa.parse<Record<string, string>>(body, {
    header: true,
    skipEmptyLines: 'greedy',
    // a column the import does not read keeps a name no key can take
    transformHeader: (h, i) => header.keys[i] ?? `(未用)${i}`,
  });
  const errors = header.errors;
  for (const e of parsed.errors) errors.push({ row: (e.row ?? 0) + 2, field: '(整行)', message: 'CSV 格式错误（引号或列数不对）' });
  return { rows: parsed.data.map((cells, i) => ({ row: i + 2, cells })), errors };
}

/**
 * The non-blank rows of a sheet (functions/lib/spreadsheet.ts) as the CSV path gives them: the
 * first row is the header, columns named as in the CSV; row numbers stay the sheet's own.
 */
export function parseSheet(sheet: SheetRow[]): { rows: ImportRow[]; errors: RowError[] } {
  const [first, ...body] = sheet;
  const header = readHeader(first?.row === 1 ? first.cells : []);
  const rows = (first?.row === 1 ? body : sheet).map(({ row, cells }) => ({
    row,
    cells: Object.fromEntries(header.keys.flatMap((key, col) => (key ? [[key, cells[col] ?? '']] : []))),
  }));
  return { rows, errors: header.errors };
}

/**
 * One CSV row to a validated station, or the reasons it is not one (row numbers as in a spreadsheet).
 * The org is named by its 所属组织代码 (`orgIdByCode` holds the codes of the file that exist) or, as
 * in the first version, by its internal id.
 */
export function rowToInput(
  row: Record<string, string>,
  rowNumber: number,
  orgIdByCode: ReadonlyMap<string, string> = new Map(),
): { input?: StationInput; errors: RowError[] } {
  const errors: RowError[] = [];
  const org = orgOf(row, orgIdByCode);
  if ('error' in org) errors.push({ row: rowNumber, field: 'orgCode', message: org.error });
  if (!blank(row.externalId)) errors.push({ row: rowNumber, field: 'externalId', message: '导入时必须填写外部编号（用于再次导入时更新）' });
  const hours = parseHoursText(row.hours ?? '');
  if ('error' in hours) errors.push({ row: rowNumber, field: 'hours', message: hours.error });
  const unknownAmenities = list(row.amenities).filter((a) => !amenityByLabel.has(a) && !(a in amenities));
  if (unknownAmenities.length) errors.push({ row: rowNumber, field: 'amenities', message: `不认识的设施：${unknownAmenities.join('、')}` });
  const candidate = {
    externalId: blank(row.externalId),
    name: row.name ?? '',
    address: row.address ?? '',
    orgId: 'error' in org ? '' : org.orgId,
    kind: kindByLabel.get((row.kind ?? '').trim()) ?? blank(row.kind) ?? 'union-station',
    location: { lat: Number(row.lat), lng: Number(row.lng) },
    amenities: list(row.amenities).map((a) => amenityByLabel.get(a) ?? a),
    hours: 'error' in hours ? { allDay: true, weekly: [[], [], [], [], [], [], []] } : { ...hours, holidayNote: blank(row.holidayNote) },
    managerPhone: blank(row.managerPhone),
    status: statusByLabel[(row.status ?? '').trim()] ?? blank(row.status) ?? 'open',
    verifiedOn: blank(row.verifiedOn),
    photos: list(row.photos),
    honours: list(row.honours),
  };
  const parsed = StationInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] === 'location' ? issue.path[1] : (issue.path[0] ?? '(整行)'));
      if (field === 'amenities' && unknownAmenities.length) continue;
      if (field === 'orgId' && 'error' in org) continue;
      errors.push({ row: rowNumber, field, message: issue.message });
    }
  }
  return errors.length ? { errors } : { input: parsed.data, errors };
}

function orgOf(row: Record<string, string>, orgIdByCode: ReadonlyMap<string, string>): { orgId: string } | { error: string } {
  const code = blank(row.orgCode);
  const id = blank(row.orgId);
  if (!code) return id ? { orgId: id } : { error: '请填写所属组织代码（如 110106001）' };
  const found = orgIdByCode.get(code);
  if (!found) return { error: `没有组织代码为“${code}”的组织` };
  if (id && id !== found) return { error: `所属组织代码“${code}”与 orgId“${id}”不是同一个组织` };
  return { orgId: found };
}

export function stationsToCsv(stations: Station[]): string {
  const rows = stations.map((s) => ({
    externalId: s.externalId ?? '',
    name: s.name,
    address: s.address,
    orgId: s.orgId,
    kind: stationKindLabel[s.kind],
    lat: s.location.lat,
    lng: s.location.lng,
    amenities: s.amenities.map((a) => amenities[a].label).join('|'),
    hours: formatHoursText(s.hours),
    holidayNote: s.hours.holidayNote ?? '',
    managerPhone: s.managerPhone ?? '',
    status: s.status === 'open' ? '开放' : '暂停开放',
    verifiedOn: s.verifiedOn ?? '',
    photos: s.photos.join('|'),
    honours: s.honours.join('|'),
  }));
  // a BOM so Excel opens the Chinese text correctly
  return `\uFEFF${Papa.unparse(rows, { columns: [...CSV_COLUMNS] })}`;
}
