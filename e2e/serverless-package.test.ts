import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { quietEnv } from '../scripts/lib/processes';
import { root } from './support/stack';
import { definitions } from '../infra/functions.cjs';
import { tables } from '../infra/tables.cjs';

jest.setTimeout(300_000);

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

describe('serverless package --stage prod', () => {
  let template: { Resources: Record<string, Resource> };
  const out = mkdtempSync(join(tmpdir(), 'union-package-'));

  beforeAll(async () => {
    await promisify(execFile)(
      process.execPath,
      [join(root, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'prod', '--package', out],
      {
        cwd: root,
        env: { ...process.env, ...quietEnv },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

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
