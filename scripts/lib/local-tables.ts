import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, tables } from '../../infra/tables.cjs';

type Shape = {
  KeySchema?: { AttributeName?: string; KeyType?: string }[];
  GlobalSecondaryIndexes?: { IndexName?: string; KeySchema?: { AttributeName?: string; KeyType?: string }[] }[];
  AttributeDefinitions?: { AttributeName?: string; AttributeType?: string }[];
};

/** Keys, index keys and key types: what must match for the code to work on an existing local table. */
function shapeOf(t: Shape): string {
  const keys = (k: Shape['KeySchema']) => (k ?? []).map((e) => `${e.AttributeName}:${e.KeyType}`).join(',');
  const types = [...(t.AttributeDefinitions ?? [])]
    .map((a) => `${a.AttributeName}:${a.AttributeType}`)
    .sort()
    .join(',');
  const indexes = [...(t.GlobalSecondaryIndexes ?? [])]
    .map((i) => `${i.IndexName}(${keys(i.KeySchema)})`)
    .sort()
    .join(',');
  return `${keys(t.KeySchema)}|${indexes}|${types}`;
}

/**
 * Creates every table of infra/tables.cjs for a stage, if missing; the same input CloudFormation
 * gets. A local table left by an older checkout with other keys or indexes is dropped and created
 * again (local demo data only; `npm start` seeds it afresh).
 */
export async function createLocalTables(client: DynamoDBClient, stage = 'local'): Promise<string[]> {
  const created: string[] = [];
  for (const table of Object.keys(tables) as (keyof typeof tables)[]) {
    const input = createTableInput(stage, table);
    try {
      await client.send(new CreateTableCommand(input as ConstructorParameters<typeof CreateTableCommand>[0]));
      created.push(input.TableName);
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
      if (shapeOf(Table as TableDescription) !== shapeOf(input as Shape)) {
        await client.send(new DeleteTableCommand({ TableName: input.TableName }));
        await client.send(new CreateTableCommand(input as ConstructorParameters<typeof CreateTableCommand>[0]));
        created.push(input.TableName);
      }
    }
    const ttl = (tables[table] as { ttl?: string }).ttl;
    if (ttl) {
      await client
        .send(new UpdateTimeToLiveCommand({ TableName: input.TableName, TimeToLiveSpecification: { AttributeName: ttl, Enabled: true } }))
        .catch((error: Error) => {
          if (!/already enabled/i.test(error.message)) throw error;
        });
    }
    await client.send(new DescribeTableCommand({ TableName: input.TableName }));
  }
  return created;
}
