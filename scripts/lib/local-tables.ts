import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, UpdateTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput, tables } from '../../infra/tables.cjs';

/** Creates every table of infra/tables.cjs for a stage, if missing; the same input CloudFormation gets. */
export async function createLocalTables(client: DynamoDBClient, stage = 'local'): Promise<string[]> {
  const created: string[] = [];
  for (const table of Object.keys(tables) as (keyof typeof tables)[]) {
    const input = createTableInput(stage, table);
    try {
      await client.send(new CreateTableCommand(input as ConstructorParameters<typeof CreateTableCommand>[0]));
      created.push(input.TableName);
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
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
