import Papa from 'papaparse';
import { IMPORT_COLUMNS, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS, type ImportRowError } from '../../shared/schemas/org-admin';
import { DomainError } from '../lib/errors';
import { readFirstSheet, type SheetRow } from '../lib/spreadsheet';

/** One spreadsheet row as text, by column key, with its row number as the spreadsheet shows it. */
export interface RawRow {
  row: number;
  cells: Partial<Record<keyof typeof IMPORT_COLUMNS, string>>;
}

type ColumnKey = keyof typeof IMPORT_COLUMNS;
const columnByHeading = new Map<string, ColumnKey>(
  (Object.entries(IMPORT_COLUMNS) as [ColumnKey, string][]).flatMap(([key, heading]) => [
    [heading, key],
    [key, key],
  ]),
);
const REQUIRED: ColumnKey[] = ['code', 'name', 'shortName', 'parentCode'];

const tooLarge = () => new DomainError('bad_request', undefined, { content: ['文件太大（上限 3 MB）'] });

/** Rows of a CSV (UTF-8, BOM or not) or of the first sheet of an .xlsx, with the header's problems. */
export async function readImportFile(format: 'csv' | 'xlsx', content: string): Promise<{ rows: RawRow[]; errors: ImportRowError[] }> {
  const table =
    format === 'csv'
      ? csvTable(content)
      : await readFirstSheet(content, { field: 'content', maxBytes: MAX_IMPORT_FILE_BYTES, maxRows: MAX_IMPORT_ROWS + 2, maxColumns: 20 });
  const hasHeading = table[0]?.row === 1;
  const heading = hasHeading ? table[0]!.cells : [];
  const keys = heading.map((h) => columnByHeading.get(h.trim()));
  const errors: ImportRowError[] = REQUIRED.filter((k) => !keys.includes(k)).map((k) => ({
    row: 1,
    field: IMPORT_COLUMNS[k],
    message: `缺少“${IMPORT_COLUMNS[k]}”列`,
  }));
  const rows: RawRow[] = [];
  // row numbers as the sheet shows them: blank rows in between keep their place
  for (const { row: number, cells } of hasHeading ? table.slice(1) : table) {
    if (cells.every((c) => !c.trim())) continue;
    const row: RawRow = { row: number, cells: {} };
    keys.forEach((key, col) => {
      if (key) row.cells[key] = (cells[col] ?? '').trim();
    });
    rows.push(row);
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    errors.push({ row: 1, field: '(文件)', message: `一次最多导入 ${MAX_IMPORT_ROWS} 行，请拆成几个文件` });
  }
  return { rows, errors };
}

function csvTable(text: string): SheetRow[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_FILE_BYTES) throw tooLarge();
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  return parsed.data.map((r, i) => ({ row: i + 1, cells: r.map((c) => String(c ?? '')) }));
}
