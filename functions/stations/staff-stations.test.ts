import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { handler as createStation } from './create-station';
import { handler as updateStation } from './update-station';
import { handler as listStaffStations } from './list-staff-stations';
import { handler as importStations } from './import-stations';
import { handler as exportStations } from './export-stations';
import { handler as findNearby } from './find-nearby-stations';
import { handler as getStation } from './get-station';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import type { Station, StationInput } from '../../shared/schemas/station';

/** Every station of the staff list, page by page (50 a page, by name). */
async function allStations(token: string): Promise<Station[]> {
  const stations: Station[] = [];
  let cursor: string | undefined;
  do {
    const reply = await invoke(listStaffStations, { query: cursor ? { cursor } : {}, token });
    expect(reply.status).toBe(200);
    expect(reply.body.stations.length).toBeLessThanOrEqual(50);
    stations.push(...reply.body.stations);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return stations;
}

/** The whole export: its parts joined as the app joins them. */
async function exportAll(token: string): Promise<{ filename: string; csv: string; count: number }> {
  let csv = '';
  let count = 0;
  let filename: string | undefined;
  let cursor: string | undefined;
  do {
    const reply = await invoke(exportStations, { query: cursor ? { cursor } : {}, token });
    expect(reply.status).toBe(200);
    csv += reply.body.csv;
    count += reply.body.count;
    filename = reply.body.filename;
    cursor = reply.body.nextCursor;
  } while (cursor);
  return { filename: filename!, csv, count };
}

// Test stations sit far from the Beijing demo data (near Lhasa) so nearby-search tests are unaffected.
const input = (overrides: Partial<StationInput> = {}): StationInput => ({
  name: '测试工会驿站',
  address: '测试路 1 号',
  orgId: 'fengtai-lugouqiao-logistics',
  kind: 'union-station',
  location: { lat: 29.65, lng: 91.1 },
  amenities: ['hot-water', 'microwave'],
  hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
  photos: [],
  honours: [],
  status: 'open',
  ...overrides,
});

describe('staff manage the stations of their org subtree', () => {
  it('creates, edits and temporarily closes a station of a union below their street', async () => {
    const staff = await tokenFor('staff');
    const created = await invoke(createStation, { method: 'POST', body: input({ name: '快递物流联合工会驿站' }), token: staff });
    expect(created.status).toBe(201);

    const closed = await invoke(updateStation, {
      method: 'PUT',
      params: { stationId: created.body.id },
      body: input({ name: '快递物流联合工会驿站', status: 'temporarily-closed' }),
      token: staff,
    });
    expect(closed.status).toBe(200);
    const detail = await invoke(getStation, { params: { stationId: created.body.id }, token: staff });
    expect(detail.body.openState).toBe('temporarily-closed');
    expect(detail.body.orgName).toBe('卢沟桥街道快递物流行业联合工会');

    const near = await invoke(findNearby, { query: { lat: '29.65', lng: '91.1', openNow: 'true' }, token: staff });
    expect(near.body.stations.map((s: { id: string }) => s.id)).not.toContain(created.body.id);
  });

  it('answers 403 when staff create or edit a station of another org', async () => {
    const shunyi = await tokenFor('shunyi-staff');
    const denied = await invoke(createStation, { method: 'POST', body: input(), token: shunyi });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe('只能管理本组织及下级组织的内容');

    const own = await invoke(createStation, { method: 'POST', body: input({ name: '卢沟桥测试驿站' }), token: await tokenFor('staff') });
    const edit = await invoke(updateStation, {
      method: 'PUT',
      params: { stationId: own.body.id },
      body: input({ orgId: 'shunyi-houshayu' }),
      token: shunyi,
    });
    expect(edit.status).toBe(403);
    const move = await invoke(updateStation, {
      method: 'PUT',
      params: { stationId: own.body.id },
      body: input({ orgId: 'shunyi-houshayu' }),
      token: await tokenFor('staff'),
    });
    expect(move.status).toBe(403); // cannot hand a station to an org outside one's scope
  });

  it('answers 403 to a worker', async () => {
    const reply = await invoke(createStation, { method: 'POST', body: input(), token: await tokenFor('worker') });
    expect(reply.status).toBe(403);
  });

  it('refuses bad station data with field errors', async () => {
    const reply = await invoke(createStation, {
      method: 'POST',
      body: { ...input(), amenities: ['sauna'], location: { lat: 95, lng: 91 }, managerPhone: '12' },
      token: await tokenFor('staff'),
    });
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.body.fieldErrors)).toEqual(expect.arrayContaining(['amenities.0', 'location.lat', 'managerPhone']));
  });

  it('lists only their subtree', async () => {
    const stations = await allStations(await tokenFor('shunyi-staff'));
    expect(stations.length).toBeGreaterThan(0);
    expect(stations.every((s) => s.orgId.startsWith('shunyi-houshayu'))).toBe(true);
  });
});

describe('CSV import and export', () => {
  const header = 'externalId,name,address,orgId,kind,lat,lng,amenities,hours,holidayNote,managerPhone,status,verifiedOn,photos,honours';
  const csv = [
    header,
    'wz-001,王佐镇测试驿站一,王佐镇 1 号,fengtai-wangzuo,工会驿站,29.70,91.20,热水饮水|微波炉热饭|手机充电,24小时,,010-61234567,开放,2026-11-01,,',
    'wz-002,王佐镇测试驿站二,王佐镇 2 号,fengtai-wangzuo-community,暖心驿站,29.71,91.21,水、热,周一至周五 09:00-18:00；周六 10:00-16:00,春节休息,,开放,,,北京市最美驿站',
    'wz-003,坏行：纬度不对,王佐镇 3 号,fengtai-wangzuo,工会驿站,99,91.2,热水饮水,24小时,,,开放,,,',
    'wz-004,坏行：设施不认识,王佐镇 4 号,fengtai-wangzuo,工会驿站,29.7,91.2,桑拿,每天 9点-5点,,,开放,,,',
    'wz-005,坏行：别人的组织,顺义 5 号,shunyi-houshayu,工会驿站,29.7,91.2,热水饮水,24小时,,,开放,,,',
  ].join('\n');

  it('writes valid rows, reports every bad row by row and field, and updates on re-import', async () => {
    const admin = await tokenFor('admin');
    const first = await invoke(importStations, { method: 'POST', body: { csv }, token: admin });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 2, updated: 0 });
    expect(first.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, field: 'lat' }),
        expect.objectContaining({ row: 5, field: 'amenities', message: expect.stringContaining('桑拿') }),
        expect.objectContaining({ row: 5, field: 'hours' }),
        expect.objectContaining({ row: 6, field: 'orgId' }),
      ]),
    );

    const again = await invoke(importStations, { method: 'POST', body: { csv }, token: admin });
    expect(again.body).toMatchObject({ created: 0, updated: 2 });
    const mine = await allStations(admin);
    expect(mine.filter((s) => s.name === '王佐镇测试驿站一')).toHaveLength(1);
  });

  it('a dry run validates without writing', async () => {
    const dry = await invoke(importStations, {
      method: 'POST',
      body: { csv: csv.replace(/wz-00/g, 'dry-00'), dryRun: true },
      token: await tokenFor('admin'),
    });
    expect(dry.body).toMatchObject({ dryRun: true, created: 2 });
    const mine = await allStations(await tokenFor('admin'));
    expect(mine.some((s) => s.externalId === 'dry-001')).toBe(false);
  });

  it('reports a file without the required columns', async () => {
    const reply = await invoke(importStations, {
      method: 'POST',
      body: { csv: 'name,address\n某驿站,某路' },
      token: await tokenFor('admin'),
    });
    expect(reply.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ row: 1, field: 'externalId' })]));
  });

  it('exports a CSV that imports back as updates only', async () => {
    const staff = await tokenFor('shunyi-staff');
    const exported = await exportAll(staff);
    expect(exported.filename).toMatch(/^stations-shunyi-houshayu-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(exported.csv).toContain('后沙峪');
    const reimport = await invoke(importStations, { method: 'POST', body: { csv: exported.csv, dryRun: true }, token: staff });
    expect(reimport.body).toMatchObject({ created: 0, errors: [] });
    expect(reimport.body.updated).toBe(exported.count);
  });
});

describe('import with Chinese headings and 所属组织代码', () => {
  const header = '外部编号,驿站名称,地址,所属组织代码,类型,纬度,经度,设施,开放时间,联系电话,备注';
  const csv = [
    header,
    'cn-001,中文列驿站一,王佐镇 21 号,110106004,工会驿站,29.72,91.22,热水饮水,24小时,010-61234567,一个不读的列',
    'cn-002,中文列驿站二,王佐镇 22 号,110106004-01,暖心驿站,29.73,91.23,水、热,每天 08:00-20:00,,',
    'cn-003,坏行：没有这个代码,王佐镇 23 号,110106999,工会驿站,29.72,91.22,,24小时,,',
    'cn-004,坏行：别人的组织,顺义 24 号,110113002,工会驿站,29.72,91.22,,24小时,,',
    'cn-005,坏行：没写组织,王佐镇 25 号,,工会驿站,29.72,91.22,,24小时,,',
    'cn-006,坏行：纬度,王佐镇 26 号,110106004,工会驿站,99,91.22,,24小时,,',
  ].join('\n');

  it('reads 名称/纬度/… headings, finds the org by its code, and reports an unknown, foreign or missing code under 所属组织代码', async () => {
    const admin = await tokenFor('admin');
    const reply = await invoke(importStations, { method: 'POST', body: { csv }, token: admin });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ created: 2, updated: 0 });
    expect(reply.body.errors).toEqual([
      { row: 4, field: 'orgCode', message: '没有组织代码为“110106999”的组织' },
      { row: 5, field: 'orgCode', message: '组织代码“110113002”的组织不在您的管理范围内' },
      { row: 6, field: 'orgCode', message: expect.stringContaining('请填写所属组织代码') },
      { row: 7, field: 'lat', message: expect.stringContaining('纬度') },
    ]);
    const mine = await allStations(admin);
    expect(mine.find((s) => s.externalId === 'cn-001')).toMatchObject({
      orgId: 'fengtai-wangzuo',
      name: '中文列驿站一',
      managerPhone: '010-61234567',
    });
    expect(mine.find((s) => s.externalId === 'cn-002')).toMatchObject({
      orgId: 'fengtai-wangzuo-community',
      amenities: ['hot-water', 'microwave'],
    });

    // the same file again updates (the station id comes from the org the code names)
    expect((await invoke(importStations, { method: 'POST', body: { csv, dryRun: true }, token: admin })).body).toMatchObject({
      created: 0,
      updated: 2,
    });
  });

  it('takes the English names too, and refuses a code and an id naming two orgs or one column written twice', async () => {
    const admin = await tokenFor('admin');
    const mixed = [
      'externalId,name,address,orgCode,orgId,lat,lng,hours',
      'cn-010,英文列驿站,王佐镇 30 号,110106004,fengtai-wangzuo,29.7,91.2,24小时',
      'cn-011,坏行：两个组织,王佐镇 31 号,110106004,fengtai-wangzuo-community,29.7,91.2,24小时',
    ].join('\n');
    const reply = await invoke(importStations, { method: 'POST', body: { csv: mixed, dryRun: true }, token: admin });
    expect(reply.body).toMatchObject({ created: 1 });
    expect(reply.body.errors).toEqual([{ row: 3, field: 'orgCode', message: expect.stringContaining('不是同一个组织') }]);

    const twice = await invoke(importStations, {
      method: 'POST',
      body: {
        csv: '外部编号,名称,name,地址,组织代码,纬度,经度,开放时间\ncn-012,中文名驿站,英文名驿站,王佐镇 32 号,110106004,29.7,91.2,24小时',
        dryRun: true,
      },
      token: admin,
    });
    expect(twice.body.errors).toEqual([{ row: 1, field: 'name', message: '“名称”和“name”是同一列，请只留一个' }]);
  });

  it('an .xlsx with Chinese headings reads the same way', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('驿站');
    sheet.addRow(['外部编号', '名称', '地址', '组织代码', '纬度', '经度', '开放时间']);
    sheet.addRow(['cn-020', '表格中文列驿站', '王佐镇 40 号', '110106004', 29.7, 91.2, '24小时']);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const reply = await invoke(importStations, { method: 'POST', body: { xlsx, dryRun: true }, token: await tokenFor('admin') });
    expect(reply.body).toMatchObject({ created: 1, errors: [] });
  });

  it('reports missing required columns by their Chinese heading', async () => {
    const reply = await invoke(importStations, {
      method: 'POST',
      body: { csv: '名称,地址\n某驿站,某路', dryRun: true },
      token: await tokenFor('admin'),
    });
    expect(reply.body.errors).toEqual(
      expect.arrayContaining([
        { row: 1, field: 'externalId', message: '缺少“外部编号”列' },
        { row: 1, field: 'orgCode', message: '缺少“所属组织代码”列' },
      ]),
    );
  });
});

describe('xlsx import', () => {
  const columns = [
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
  ];
  /** A workbook as Excel saves what a person typed: a phone as a zero-padded number, a date as a date. */
  async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('驿站');
    sheet.addRow(columns);
    fill(sheet);
    return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
  }
  const good = (sheet: ExcelJS.Worksheet) => {
    const one = sheet.addRow([
      'xl-001',
      '表格驿站一',
      '王佐镇 11 号',
      'fengtai-wangzuo',
      '工会驿站',
      29.7,
      91.2,
      '热水饮水|手机充电',
      '24小时',
      '',
      1061234567,
      '开放',
      new Date(Date.UTC(2026, 10, 1)),
    ]);
    one.getCell(11).numFmt = '00000000000';
    one.getCell(13).numFmt = 'yyyy-mm-dd';
    sheet.addRow([]); // a blank row keeps its place: the next rows are 4 and 5
    sheet.addRow(['xl-002', '坏行：纬度不对', '王佐镇 12 号', 'fengtai-wangzuo', '工会驿站', 99, 91.2, '', '24小时']);
    sheet.addRow([
      'xl-003',
      '表格驿站三',
      '王佐镇 13 号',
      'fengtai-wangzuo-community',
      '暖心驿站',
      29.71,
      91.21,
      '水、热',
      '每天 08:00-20:00',
      '春节休息',
      '13812345678',
      '开放',
    ]);
  };

  it('reads the first sheet like the CSV: good rows written, bad rows by sheet row number, re-import updates', async () => {
    const admin = await tokenFor('admin');
    const xlsx = await workbook(good);
    const first = await invoke(importStations, { method: 'POST', body: { xlsx }, token: admin });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ dryRun: false, created: 2, updated: 0 });
    expect(first.body.errors).toEqual([expect.objectContaining({ row: 4, field: 'lat' })]);
    const mine = await allStations(admin);
    const one = mine.find((s) => s.externalId === 'xl-001')!;
    expect(one).toMatchObject({
      name: '表格驿站一',
      managerPhone: '01061234567',
      verifiedOn: '2026-11-01',
      amenities: ['hot-water', 'charging'],
    });
    expect(mine.find((s) => s.externalId === 'xl-003')).toMatchObject({ managerPhone: '13812345678' });

    const again = await invoke(importStations, { method: 'POST', body: { xlsx, dryRun: true }, token: admin });
    expect(again.body).toMatchObject({ dryRun: true, created: 0, updated: 2 });
    const written = await invoke(importStations, { method: 'POST', body: { xlsx }, token: admin });
    expect(written.body).toMatchObject({ created: 0, updated: 2 });
    expect((await allStations(admin)).filter((s) => s.externalId === 'xl-001')).toHaveLength(1);
  });

  it('a time typed in Excel (stored as a fraction of a day) comes out as typed', async () => {
    const xlsx = await workbook((sheet) => {
      const row = sheet.addRow([
        'xl-time',
        '表格驿站·时间',
        '王佐镇 14 号',
        'fengtai-wangzuo',
        '',
        29.7,
        91.2,
        '',
        '24小时',
        0.333333333333333,
      ]);
      row.getCell(10).numFmt = 'hh:mm';
    });
    const admin = await tokenFor('admin');
    expect((await invoke(importStations, { method: 'POST', body: { xlsx }, token: admin })).body).toMatchObject({ created: 1, errors: [] });
    expect((await allStations(admin)).find((s) => s.externalId === 'xl-time')!.hours.holidayNote).toBe('08:00');
  });

  it('reports a sheet without the required columns on row 1', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('x').addRow(['name', 'address']);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const reply = await invoke(importStations, { method: 'POST', body: { xlsx, dryRun: true }, token: await tokenFor('admin') });
    expect(reply.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ row: 1, field: 'externalId' })]));
  });

  it('refuses a corrupt or non-xlsx file, a too big one, too many rows, and both or neither file, with 4xx in Chinese', async () => {
    const admin = await tokenFor('admin');
    const post = (body: unknown) => invoke(importStations, { method: 'POST', body, token: admin });
    const notZip = await post({ xlsx: Buffer.from('externalId,name\nx,y').toString('base64') });
    expect(notZip.status).toBe(400);
    expect(notZip.body.fieldErrors.xlsx[0]).toContain('不是有效的 xlsx 文件');
    const real = Buffer.from(await workbook(good), 'base64');
    const truncated = await post({ xlsx: real.subarray(0, Math.floor(real.length / 2)).toString('base64') });
    expect(truncated.status).toBe(400);
    // the inside overwritten
    const garbled = Buffer.from(real);
    garbled.fill(0x41, 40, garbled.length - 300);
    expect((await post({ xlsx: garbled.toString('base64') })).status).toBe(400);
    expect((await post({ xlsx: '这不是 base64' })).body.fieldErrors.xlsx).toEqual(['xlsx 文件须以 base64 提交']);

    const big = randomBytes(1024 * 1024 + 10).toString('base64');
    const tooBig = await post({ xlsx: big });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.fieldErrors.xlsx).toEqual(['文件太大（上限 1 MB），请拆成几个文件']);
    const huge = await post({ xlsx: randomBytes(1536 * 1024).toString('base64') });
    expect(huge.status).toBe(413);
    expect(huge.body.message).toContain('上限 1 MB');

    const many = await workbook((sheet) => {
      for (let i = 0; i < 501; i++) sheet.addRow([`many-${i}`, `驿站${i}`, '某路', 'fengtai-wangzuo', '', 29.7, 91.2, '', '24小时']);
    });
    const tooMany = await post({ xlsx: many, dryRun: true });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fieldErrors.xlsx[0]).toContain('一次最多导入 500 行');

    const both = await post({ csv: 'externalId\nx', xlsx: many });
    expect(both.status).toBe(400);
    expect(both.body.fieldErrors.xlsx).toEqual(['一次只能导入一个文件：CSV 和 xlsx 二选一']);
    const neither = await post({ dryRun: true });
    expect(neither.body.fieldErrors.csv).toEqual(['请选择要导入的文件（CSV 或 xlsx）']);
    const bigCsv = await post({ csv: `externalId\n${'x'.repeat(64 * 1024)}` });
    expect(bigCsv.status).toBe(400);
    expect(bigCsv.body.fieldErrors.csv[0]).toContain('64 KB');
  });
});
