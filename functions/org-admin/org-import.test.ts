import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import ExcelJS from 'exceljs';
import type { ImportRow, ImportRowError } from '../../shared/schemas/org-admin';
import { createTableInput } from '../../infra/tables.cjs';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { db } from '../lib/db';
import { getOrgByCode, putOrg } from '../tables/orgs';
import { handler as importOrgs } from './import-orgs';

// An orgs table of this file's own: imports change the tree.
const input = createTableInput('orgimport', 'orgs');
const previousTable = process.env.TABLE_ORGS;
beforeAll(async () => {
  await db().send(new CreateTableCommand(input as ConstructorParameters<typeof CreateTableCommand>[0]));
  process.env.TABLE_ORGS = input.TableName;
  for (const org of demoOrgs) await putOrg(org);
}, 60_000);
afterAll(async () => {
  process.env.TABLE_ORGS = previousTable;
  await db().send(new DeleteTableCommand({ TableName: input.TableName }));
});

const HEAD = '组织代码,名称,简称,上级组织代码,层级';
const post = async (body: Record<string, unknown>, login: 'admin' | 'staff' = 'admin') =>
  invoke(importOrgs, { method: 'POST', path: '/staff/orgs/import', body, token: await tokenFor(login) });
const messages = (errors: ImportRowError[]) => errors.map((e) => `${e.row} ${e.field} ${e.message}`);

describe('POST /staff/orgs/import', () => {
  it('a CSV: dry run reports the rows parents first and writes nothing; then written; imported again it updates', async () => {
    const csv = [
      '\uFEFF' + HEAD,
      'IMP1-0101,导入社区联合工会,导入社区,IMP1-01,社区联合工会',
      'IMP1-01,导入街道总工会,导入街道,110106,街道总工会',
      'IMP1-010101,"导入企业工会,有逗号",导入企业,IMP1-0101,',
      '',
    ].join('\n');
    const dry = await post({ format: 'csv', content: csv, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, total: 3, created: 3, updated: 0, errors: [] });
    expect(dry.body.rows.map((r: ImportRow) => r.code)).toEqual(['IMP1-01', 'IMP1-0101', 'IMP1-010101']);
    expect(await getOrgByCode('IMP1-01')).toBeNull();

    const written = await post({ format: 'csv', content: csv, dryRun: false });
    expect(written.body).toMatchObject({ dryRun: false, created: 3, errors: [] });
    const unit = await getOrgByCode('IMP1-010101');
    const street = await getOrgByCode('IMP1-01');
    expect(unit).toMatchObject({ name: '导入企业工会,有逗号', level: 'grassroots' });
    expect(street).toMatchObject({ level: 'street', parentId: 'fengtai' });
    expect(unit!.path).toEqual(['beijing', 'fengtai', street!.id, unit!.path[3], unit!.id]);

    const renamed = csv.replace('导入街道总工会', '导入街道总工会（新名）');
    const again = await post({ format: 'csv', content: renamed, dryRun: false });
    expect(again.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(await getOrgByCode('IMP1-01')).toMatchObject({ id: street!.id, name: '导入街道总工会（新名）' });
  });

  it('a loop, an unknown parent and a duplicate code: each reported on its row, nothing written', async () => {
    const csv = [
      HEAD,
      'LOOP-A,循环甲工会,循环甲,LOOP-B,',
      'LOOP-B,循环乙工会,循环乙,LOOP-A,',
      'GOOD-1,正常街道总工会,正常街道,110106,',
      'ORPHAN-1,孤儿工会,孤儿,NOPE-999,',
      'GOOD-1,重复街道总工会,重复,110106,',
      'BAD CODE,,,110106,村',
    ].join('\n');
    const reply = await post({ format: 'csv', content: csv, dryRun: false });
    expect(reply.status).toBe(200);
    expect(reply.body.rows).toBeUndefined();
    expect(messages(reply.body.errors)).toEqual([
      '2 上级组织代码 上级组织代码形成循环：LOOP-A → LOOP-B → LOOP-A',
      '3 上级组织代码 上级组织代码形成循环：LOOP-A → LOOP-B → LOOP-A',
      '5 上级组织代码 上级组织代码 NOPE-999 找不到（文件里和系统里都没有）',
      '6 组织代码 组织代码 GOOD-1 与第 4 行重复',
      '7 组织代码 组织代码格式不正确',
      '7 名称 请填写名称（至少 2 个字）',
      '7 简称 请填写简称',
      expect.stringMatching(/^7 层级 不认识的层级“村”/),
    ]);
    expect(await getOrgByCode('GOOD-1')).toBeNull();
  });

  it('a parent outside the caller’s subtree, an org of another subtree, depth over 4, a wrong 层级, a move by import', async () => {
    const csv = [
      HEAD,
      'OUT-1,越权工会,越权,110113,', // 顺义: not 卢沟桥 staff's
      '110106002-01,首科大厦楼宇工会,首科,110106001,', // exists under 太平桥 (outside 卢沟桥), and would move
      'DEEP-1,深一工会,深一,110106001-01,',
      'DEEP-2,深二工会,深二,DEEP-1,',
      'LVL-1,层级工会,层级,110106001,街道总工会',
    ].join('\n');
    const reply = await post({ format: 'csv', content: csv, dryRun: true }, 'staff');
    expect(messages(reply.body.errors)).toEqual([
      '2 上级组织代码 上级组织“顺义区总工会”不在您的管理范围内',
      '3 组织代码 组织代码 110106002-01 已被您管理范围外的组织使用',
      '5 上级组织代码 层级太深：组织最多 5 级（市、区、街道、社区、基层）',
      '6 层级 按上级组织，这一行的层级应为“基层工会”',
    ]);
    const moving = await post({ format: 'csv', content: [HEAD, '110106002-01,首科大厦楼宇工会,首科,110106001,'].join('\n'), dryRun: true });
    expect(messages(moving.body.errors)).toEqual([expect.stringContaining('导入不会移动组织')]);
  });

  it('an .xlsx file (base64) is read like the CSV, row numbers as the sheet shows them', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('组织');
    sheet.addRow(['组织代码', '名称', '简称', '上级组织代码']);
    sheet.addRow(['XLS-01', '表格街道总工会', '表格街道', 110106]);
    sheet.addRow([]);
    sheet.addRow(['XLS-0101', '表格社区联合工会', '表格社区', 'XLS-01']);
    sheet.addRow(['XLS-0102', '表格孤儿工会', '孤儿', 'XLS-99']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const dry = await post({ format: 'xlsx', content, dryRun: true });
    expect(messages(dry.body.errors)).toEqual(['5 上级组织代码 上级组织代码 XLS-99 找不到（文件里和系统里都没有）']);
    expect((await post({ format: 'xlsx', content: Buffer.from('not a zip').toString('base64'), dryRun: true })).status).toBe(400);
  });

  it('a large file: the dry run answers the rows, the app writes them back 200 at a time, a chunk sent twice changes nothing', async () => {
    const rows = ['BIG-00,大导入街道总工会,大导入街道,110106,'];
    for (let i = 1; i <= 450; i++) rows.push(`BIG-${String(i).padStart(3, '0')},大导入第${i}社区联合工会,第${i}社区,BIG-00,`);
    const dry = await post({ format: 'csv', content: [HEAD, ...rows].join('\n'), dryRun: true });
    expect(dry.body).toMatchObject({ total: 451, created: 451, errors: [] });
    // too many rows to write in one request
    expect((await post({ format: 'csv', content: [HEAD, ...rows].join('\n'), dryRun: false })).status).toBe(400);
    const checked: ImportRow[] = dry.body.rows;
    expect(checked[0]!.code).toBe('BIG-00');
    let created = 0;
    for (let i = 0; i < checked.length; i += 200) {
      const chunk = await post({ format: 'rows', rows: checked.slice(i, i + 200) });
      expect(chunk.body.errors).toEqual([]);
      created += chunk.body.created;
    }
    expect(created).toBe(451);
    const retry = await post({ format: 'rows', rows: checked.slice(200, 400) });
    expect(retry.body).toMatchObject({ created: 0, unchanged: 200 });
    expect((await getOrgByCode('BIG-450'))?.path).toHaveLength(4);
    // more than 200 rows in a chunk is refused before anything is read
    expect((await post({ format: 'rows', rows: checked.slice(0, 201) })).status).toBe(400);
  }, 60_000);

  it('refuses a worker (403) and a file over the limit (413)', async () => {
    const worker = await tokenFor('worker');
    expect((await invoke(importOrgs, { method: 'POST', body: { format: 'csv', content: HEAD }, token: worker })).status).toBe(403);
    const huge = 'x'.repeat(4 * 1024 * 1024 + 2048);
    expect((await post({ format: 'csv', content: huge })).status).toBe(413);
  });
});
