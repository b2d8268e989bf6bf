import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableEnvName, type tables } from '../../infra/tables.cjs';
import { env, optionalEnv } from './config';

let client: DynamoDBDocumentClient | undefined;

/** The document client, built once per Lambda container. */
export function db(): DynamoDBDocumentClient {
  if (!client) {
    const endpoint = optionalEnv('DYNAMODB_ENDPOINT');
    // one process standing in for many Lambda instances (benchmarks, load tests) needs more than
    // the SDK's 50 sockets, or its requests wait in the client's own queue
    const maxSockets = Number(optionalEnv('DYNAMODB_MAX_SOCKETS') ?? 0) || undefined;
    const base = new DynamoDBClient({
      ...(endpoint
        ? // DynamoDB Local: dummy credentials, so the SDK does not probe the instance metadata address
          { endpoint, region: optionalEnv('AWS_REGION') ?? 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
      ...(maxSockets ? { requestHandler: { httpAgent: { maxSockets }, httpsAgent: { maxSockets } } } : {}),
    });
    client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
  }
  return client;
}

export type TableKey = keyof typeof tables;

/** The physical name of a table, from the TABLE_* variable that serverless.yml sets. */
export function tableName(table: TableKey): string {
  return env(tableEnvName(table));
}

/** Tests and scripts: release the client's sockets so the process can exit. */
export function closeDb(): void {
  client?.destroy();
  client = undefined;
}
