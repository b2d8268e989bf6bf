import ExcelJS from 'exceljs';
import { DomainError } from './errors';

/** One non-blank row of a sheet: its number as the spreadsheet shows it, and its cells as text. */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface SheetLimits {
  /** the body field the file came in, for the 400's field error */
  field: string;
  /** the file's size at most */
  maxBytes: number;
  /** non-blank rows read (header included); the caller sees more than it allows and says so */
  maxRows: number;
  maxColumns?: number;
}

const MB = 1024 * 1024;
/** An .xlsx is a zip of XML: what it unpacks to, at most, per byte of file (text compresses ~10x). */
const MAX_UNZIP_RATIO = 30;

/**
 * The first sheet of an .xlsx sent as base64, its non-blank rows as the text a person typed
 * (see `cellText`). A file that is too big, not base64, not a zip, a zip that unpacks to far more
 * than a spreadsheet of that size would, or not a workbook is refused with a 400 (Chinese, on
 * `field`), never a 500.
 */
export async function readFirstSheet(base64: string, limits: SheetLimits): Promise<SheetRow[]> {
  const refuse = (message: string) => new DomainError('bad_request', undefined, { [limits.field]: [message] });
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw refuse('xlsx 文件须以 base64 提交');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength === 0) throw refuse('文件是空的');
  if (bytes.byteLength > limits.maxBytes) throw refuse(`文件太大（上限 ${limits.maxBytes / MB} MB），请拆成几个文件`);
  const unzipped = declaredUnzippedBytes(bytes);
  if (unzipped === null) throw refuse('不是有效的 xlsx 文件，请用 Excel 或 WPS 另存为 .xlsx 后再试');
  if (unzipped > limits.maxBytes * MAX_UNZIP_RATIO) throw refuse('文件内容太多，请拆成几个文件');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw refuse('不是有效的 xlsx 文件，请用 Excel 或 WPS 另存为 .xlsx 后再试');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw refuse('xlsx 文件里没有工作表');
  const columns = Math.min(sheet.columnCount, limits.maxColumns ?? 30);
  const rows: SheetRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rows.length >= limits.maxRows) return;
    const cells: string[] = [];
    for (let c = 1; c <= columns; c++) cells.push(cellText(row.getCell(c)));
    if (cells.some((c) => c.trim())) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/**
 * A cell as the text a person typed, not as Excel stores it: a time typed 08:00 is stored as the
 * fraction 0.333… of a day (exceljs gives a Date on 1899-12-30) and comes out "08:00"; a date is
 * "2026-11-01"; a number keeps the zeros its format pads it with ("00000000000" → 01061234567) and
 * loses float noise; formulas give their result; rich text and links their text.
 */
export function cellText(cell: ExcelJS.Cell): string {
  let value: unknown = cell.value;
  if (value && typeof value === 'object' && 'formula' in value) value = (value as ExcelJS.CellFormulaValue).result;
  if (value instanceof Date) return dateText(value, cell.numFmt);
  if (typeof value === 'number') return numberText(value, cell.numFmt);
  if (value && typeof value === 'object' && 'error' in value) return '';
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return cell.text ?? '';
}

const two = (n: number) => String(n).padStart(2, '0');

function dateText(date: Date, numFmt: string | undefined): string {
  if (Number.isNaN(date.getTime())) return '';
  // exceljs reads a serial as UTC; round away the float error (0.333333333333333 of a day)
  const d = new Date(Math.round(date.getTime() / 1000) * 1000);
  const format = (numFmt ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').toLowerCase();
  const timeOnly = d.getTime() < Date.UTC(1899, 11, 31) && d.getTime() >= Date.UTC(1899, 11, 30);
  const hasTime = /[hs]/.test(format) || (!format && (d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds()) !== 0);
  const hasDate = !timeOnly && (/[yd]/.test(format) || !hasTime);
  const seconds = d.getUTCSeconds() !== 0 || /s/.test(format);
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}${seconds ? `:${two(d.getUTCSeconds())}` : ''}`;
  const day = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  if (hasDate && hasTime) return `${day} ${time}`;
  return hasDate ? day : time;
}

function numberText(n: number, numFmt: string | undefined): string {
  if (!Number.isFinite(n)) return '';
  // a format of only zeros pads an integer: how a phone number keeps its leading 0 in Excel
  const padded = /^0+$/.exec(numFmt ?? '');
  if (padded && Number.isInteger(n) && n >= 0) return String(n).padStart(padded[0].length, '0');
  return String(Number(n.toPrecision(15)));
}

/**
 * What the zip's central directory says its files unpack to, or null when it is not a zip. Read
 * before unpacking, so a small file that would unpack to gigabytes is refused up front.
 */
export function declaredUnzippedBytes(bytes: Buffer): number | null {
  const END = 0x06054b50;
  const ENTRY = 0x02014b50;
  if (bytes.length < 22) return null;
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (bytes.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let e = 0; e < entries; e++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== ENTRY) return null;
    const size = bytes.readUInt32LE(at + 24);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY; // zip64: far beyond a spreadsheet we take
    total += size;
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return total;
}
