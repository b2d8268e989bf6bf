import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { quietEnv } from '../scripts/lib/processes';
import { root } from './support/stack';
import { definitions } from '../infra/functions.cjs';
import { tables } from '../infra/tables.cjs';

jest.setTimeout(300_000);

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

/** The files in a zip, with their uncompressed sizes, from its central directory (no unzip needed). */
function zipEntries(zip: Buffer): { name: string; size: number }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: { name: string; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size: zip.readUInt32LE(at + 24) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** Functions that read .xlsx (exceljs): allowed a bigger bundle, and only these. */
// the spreadsheet imports, 导出我的数据 (an .xlsx: WeChat's viewer does not open .csv) and 导出统计报表 carry exceljs
const SPREADSHEET_FUNCTIONS = new Set(['importOrgs', 'importStations', 'exportMyData', 'exportReport']);

describe('serverless package --stage prod', () => {
  let template: { Resources: Record<string, Resource> };
  const out = mkdtempSync(join(tmpdir(), 'union-package-'));
  // a copy of the service: serverless-esbuild builds in <service>/.esbuild, which a running
  // `npm start` (local stage, with source maps) would share and mix into these zips
  const service = mkdtempSync(join(tmpdir(), 'union-service-'));

  beforeAll(async () => {
    // (the local plugin serverless.yml names: inert when packaging, but it must be there to load)
    for (const path of [
      'serverless.yml',
      'package.json',
      'tsconfig.json',
      'functions',
      'shared',
      'infra',
      'scripts/lib/sls-reuse-bundles.cjs',
    ]) {
      cpSync(join(root, path), join(service, path), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(service, 'node_modules'));
    await promisify(execFile)(
      process.execPath,
      [join(root, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'prod', '--package', out],
      {
        cwd: service,
        env: { ...process.env, ...quietEnv },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  });
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(service, { recursive: true, force: true });
  });

  const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

  it('defines every table with on-demand billing, point-in-time recovery and deletion protection', () => {
    const tablesInTemplate = ofType('AWS::DynamoDB::Table');
    expect(tablesInTemplate.map(([, r]) => r.Properties.TableName).sort()).toEqual(
      Object.keys(tables)
        .map((t) => `union-services-prod-${t}`)
        .sort(),
    );
    for (const [, table] of tablesInTemplate) {
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
    }
  });

  it('gives each function its own role with only the tables it declares', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(Object.keys(definitions).length);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
      const name = fn.Properties.FunctionName.replace('union-services-prod-', '') as keyof typeof definitions;
      const statements = template.Resources[roleId]!.Properties.Policies[0].PolicyDocument.Statement as { Resource: unknown }[];
      const tablesGranted = JSON.stringify(statements.slice(1)).match(/"(\w+)Table"/g) ?? [];
      const declared = definitions[name].access.map((a) => `"${a.table[0]!.toUpperCase()}${a.table.slice(1)}Table"`);
      expect([...new Set(tablesGranted)].sort()).toEqual([...new Set(declared)].sort());
    }
    expect(ofType('AWS::IAM::Role').map(([id]) => id)).not.toContain('IamRoleLambdaExecution');
  });

  it('ships small bundles: minified, no source maps, no AWS SDK (the runtime has it)', () => {
    const zips = readdirSync(out).filter((f) => f.endsWith('.zip'));
    expect(zips).toHaveLength(Object.keys(definitions).length);
    for (const zip of zips) {
      const bytes = readFileSync(join(out, zip));
      const entries = zipEntries(bytes);
      expect({ zip, maps: entries.filter((e) => e.name.endsWith('.map')) }).toEqual({ zip, maps: [] });
      expect({ zip, sdk: entries.filter((e) => e.name.includes('@aws-sdk')) }).toEqual({ zip, sdk: [] });
      // unminified with maps this was ~315 KB a zip (710 KB of JavaScript); minified ~95-125 KB;
      // the two spreadsheet imports carry exceljs (~535 KB zip): admin tools, rare, cold starts accepted
      const budget = SPREADSHEET_FUNCTIONS.has(zip.replace(/\.zip$/, '')) ? { zip: 700, js: 3000 } : { zip: 200, js: 500 };
      expect({ zip, small: bytes.length < budget.zip * 1024 }).toEqual({ zip, small: true });
      // minified: ~360-420 KB of JavaScript (unminified it was 560-710 KB)
      expect({ zip, js: entries.reduce((sum, e) => sum + e.size, 0) < budget.js * 1024 }).toEqual({ zip, js: true });
    }
    expect(JSON.stringify(template)).not.toContain('--enable-source-maps');
  });

  it('builds ARNs with the partition, so the template deploys to aws-cn and aws alike', () => {
    const text = JSON.stringify(template);
    expect(text).not.toMatch(/"arn:aws:/);
    expect(text).toContain('arn:${AWS::Partition}:logs:');
  });

  it('reads secrets at deploy time instead of embedding them', () => {
    const text = JSON.stringify(template);
    expect(text).toContain('{{resolve:secretsmanager:union-services/prod:SecretString:jwtSecret}}');
    expect(text).not.toContain('local-dev');
  });
});
