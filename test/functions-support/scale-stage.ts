/**
 * A stage of its own for list tests at scale: fresh tables (the other test files share the seeded
 * ones), the demo org tree plus a street of `units` extra unions, and a count of the requests sent
 * to these tables (to show a page costs the same whatever the subtree's size).
 */
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { Org } from '../../shared/schemas/org';
import { createTableInput, tableEnvName } from '../../infra/tables.cjs';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { db } from '../../functions/lib/db';
import { putOrg } from '../../functions/tables/orgs';

export const STREET = 'fengtai-lugouqiao';

/** `count` workplace unions under 卢沟桥 (depth 3). */
export function bigUnits(count: number): Org[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `big-unit-${String(i).padStart(3, '0')}`;
    return {
      id,
      code: `110106001-8${String(i).padStart(3, '0')}`,
      status: 'open',
      name: `卢沟桥街道第${String(i).padStart(3, '0')}企业工会`,
      shortName: `第${i}企业工会`,
      level: 'grassroots',
      parentId: STREET,
      path: ['beijing', 'fengtai', STREET, id],
    };
  });
}

export interface Sent {
  command: string;
  table?: string;
  index?: string;
}

/** Call in a describe/file body: creates the tables before all tests and drops them after. */
export function scaleStage(stage: string, tables: string[], extraOrgs: Org[]) {
  const inputs = tables.map((t) => ({ table: t, input: createTableInput(stage, t) }));
  const previous = new Map<string, string | undefined>();
  let sent: Sent[] = [];
  const name = `count-${stage}`;

  beforeAll(async () => {
    for (const { table, input } of inputs) {
      await db().send(new CreateTableCommand(input as ConstructorParameters<typeof CreateTableCommand>[0]));
      previous.set(table, process.env[tableEnvName(table)]);
      process.env[tableEnvName(table)] = input.TableName;
    }
    for (const org of demoOrgs) await putOrg(org);
    for (let i = 0; i < extraOrgs.length; i += 25) await Promise.all(extraOrgs.slice(i, i + 25).map(putOrg));
    db().middlewareStack.add(
      (next, context) => async (args) => {
        const command = args.input as { TableName?: string; IndexName?: string; RequestItems?: Record<string, unknown> };
        const table = command.TableName ?? Object.keys(command.RequestItems ?? {})[0];
        sent.push({ command: context.commandName ?? '?', table, index: command.IndexName });
        return next(args);
      },
      { step: 'initialize', name },
    );
  }, 120_000);

  afterAll(async () => {
    db().middlewareStack.remove(name);
    for (const { table, input } of inputs) {
      process.env[tableEnvName(table)] = previous.get(table);
      await db().send(new DeleteTableCommand({ TableName: input.TableName }));
    }
  });

  const ours = new Set(inputs.map((i) => i.input.TableName));
  return {
    /** The requests a call sent to this stage's tables (not the shared users, members, signups). */
    async requests<T>(call: () => Promise<T>): Promise<{ reply: T; requests: Sent[] }> {
      sent = [];
      const reply = await call();
      return { reply, requests: sent.filter((s) => s.table !== undefined && ours.has(s.table)) };
    },
    tableName: (table: string) => inputs.find((i) => i.table === table)!.input.TableName,
  };
}
