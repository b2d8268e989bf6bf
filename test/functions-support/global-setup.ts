import { startDynamoLocal, localClient } from '../../scripts/lib/dynamodb-local';
import { createLocalTables } from '../../scripts/lib/local-tables';
import { freePort } from '../../scripts/lib/free-port';

/** One in-memory DynamoDB Local for the whole functions project, tables from infra/tables.cjs. */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const client = localClient(dynamo.endpoint);
  await createLocalTables(client, 'local');
  client.destroy();
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamo?: typeof dynamo }).__dynamo = dynamo;
  // seed after the endpoint is known: the table modules read it on first use
  const { seedDemoData } = await import('../../scripts/demo-data/seed');
  Object.assign(process.env, testEnv());
  await seedDemoData();
  const { closeDb } = await import('../../functions/lib/db');
  closeDb(); // release the seeding client's sockets so jest can exit
}

export function testEnv(): Record<string, string> {
  const { tableEnvironment } = require('../../infra/tables.cjs') as typeof import('../../infra/tables.cjs');
  return {
    STAGE: 'local',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-jwt-secret-0123456789-0123456789',
    WECHAT_APP_ID: 'wx-test-app',
    WECHAT_APP_SECRET: 'test-app-secret',
    WECHAT_API_BASE: 'http://127.0.0.1:9',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    MEMBER_CARD_PRIVATE_KEY: require('node:fs').readFileSync(
      require('node:path').join(__dirname, '..', '..', 'infra', 'local-member-card-key.pem'),
      'utf8',
    ),
    JOIN_BASE_URL: 'http://127.0.0.1:10086',
    ...tableEnvironment('local'),
  };
}
