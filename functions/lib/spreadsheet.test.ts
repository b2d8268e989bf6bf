import ExcelJS from 'exceljs';
import { cellText, declaredUnzippedBytes, readFirstSheet } from './spreadsheet';

/** Writes cells as Excel would store what a person typed, reads the file back, gives each cell's text. */
async function roundTrip(cells: { value: ExcelJS.CellValue; numFmt?: string }[]): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  const row = book.addWorksheet('s').getRow(1);
  cells.forEach(({ value, numFmt }, i) => {
    row.getCell(i + 1).value = value;
    if (numFmt) row.getCell(i + 1).numFmt = numFmt;
  });
  row.commit();
  const base64 = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
  const [read] = await readFirstSheet(base64, { field: 'xlsx', maxBytes: 1024 * 1024, maxRows: 10 });
  return read!.cells;
}

describe('cells come out as the text a person typed', () => {
  it('times, dates, padded numbers, float noise, formulas, rich text', async () => {
    const texts = await roundTrip([
      { value: 0.333333333333333, numFmt: 'hh:mm' }, // 08:00 as Excel stores it
      { value: 0.5, numFmt: 'h:mm AM/PM' },
      { value: 0.375, numFmt: 'h:mm:ss' },
      { value: 46327, numFmt: 'yyyy-mm-dd' }, // 2026-11-01
      { value: new Date(Date.UTC(2026, 10, 1, 9, 30)), numFmt: 'yyyy/m/d h:mm' },
      { value: 1061234567, numFmt: '00000000000' }, // 01061234567 typed into a cell formatted to keep the 0
      { value: 13812345678 },
      { value: 39.860500000000002 },
      { value: 0.1 + 0.2 },
      { value: { formula: '1+1', result: 2 } },
      { value: { richText: [{ text: '王佐' }, { text: '驿站' }] } },
      { value: '010-61234567' },
      { value: true },
    ]);
    expect(texts).toEqual([
      '08:00',
      '12:00',
      '09:00:00',
      '2026-11-01',
      '2026-11-01 09:30',
      '01061234567',
      '13812345678',
      '39.8605',
      '0.3',
      '2',
      '王佐驿站',
      '010-61234567',
      'true',
    ]);
  });

  it('an empty cell is empty text', () => {
    expect(cellText({ value: null, numFmt: undefined, text: '' } as unknown as ExcelJS.Cell)).toBe('');
  });
});

describe('a zip that would unpack to far more than its size is refused before unpacking', () => {
  it('reads the sizes the central directory declares', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('s').addRow(['a']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const declared = declaredUnzippedBytes(bytes)!;
    expect(declared).toBeGreaterThan(1000);
    expect(declaredUnzippedBytes(Buffer.from('not a zip'))).toBeNull();

    // the first entry claims 2 GB
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const bomb = Buffer.from(bytes);
    bomb.writeUInt32LE(0x7fffffff, bomb.readUInt32LE(end + 16) + 24);
    await expect(readFirstSheet(bomb.toString('base64'), { field: 'xlsx', maxBytes: 1024 * 1024, maxRows: 10 })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { xlsx: ['文件内容太多，请拆成几个文件'] },
    });
  });
});
