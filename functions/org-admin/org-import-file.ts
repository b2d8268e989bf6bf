import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { IMPORT_COLUMNS, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS, type ImportRowError } from '../../shared/schemas/org-admin';
import { DomainError } from '../lib/errors';

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
const unreadable = (what: string) => new DomainError('bad_request', undefined, { content: [what] });

/** Rows of a CSV (UTF-8, BOM or not) or of the first sheet of an .xlsx, with the header's problems. */
export async function readImportFile(format: 'csv' | 'xlsx', content: string): Promise<{ rows: RawRow[]; errors: ImportRowError[] }> {
  const table = format === 'csv' ? csvTable(content) : await xlsxTable(content);
  const [heading = [], ...body] = table;
  const keys = heading.map((h) => columnByHeading.get(h.trim()));
  const errors: ImportRowError[] = REQUIRED.filter((k) => !keys.includes(k)).map((k) => ({
    row: 1,
    field: IMPORT_COLUMNS[k],
    message: `缺少“${IMPORT_COLUMNS[k]}”列`,
  }));
  const rows: RawRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => !c.trim())) return;
    const row: RawRow = { row: i + 2, cells: {} };
    keys.forEach((key, col) => {
      if (key) row.cells[key] = (cells[col] ?? '').trim();
    });
    rows.push(row);
  });
  if (rows.length > MAX_IMPORT_ROWS) {
    errors.push({ row: 1, field: '(文件)', message: `一次最多导入 ${MAX_IMPORT_ROWS} 行，请拆成几个文件` });
  }
  return { rows, errors };
}

function csvTable(text: string): string[][] {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_FILE_BYTES) throw tooLarge();
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  return parsed.data.map((r) => r.map((c) => String(c ?? '')));
}

async function xlsxTable(base64: string): Promise<string[][]> {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw unreadable('xlsx 文件须以 base64 提交');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength > MAX_IMPORT_FILE_BYTES) throw tooLarge();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable('不是有效的 xlsx 文件，请用 Excel 或 WPS 另存为 .xlsx 后再试');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable('xlsx 文件里没有工作表');
  const table: string[][] = [];
  // row numbers as the sheet shows them: blank rows in between keep their place
  for (let r = 1; r <= Math.min(sheet.rowCount, MAX_IMPORT_ROWS + 2); r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.min(sheet.columnCount, 20); c++) cells.push(row.getCell(c).text ?? '');
    table.push(cells);
  }
  return table;
}
