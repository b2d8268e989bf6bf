import { startDynamoLocal, localClient } from '../../scripts/lib/dynamodb-local';
import { createLocalTables } from '../../scripts/lib/local-tables';
import { freePort } from '../../scripts/lib/free-port';
import { startS3Local } from '../../scripts/lib/s3-local';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TEST_BUCKET = 'union-services-test-photos';

/**
 * One in-memory DynamoDB Local for the whole functions project, tables from infra/tables.cjs, and
 * one S3-compatible server (s3rver, files in a temporary folder) for station photos.
 */
export default async function globalSetup(): Promise<void> {
  const [dynamo, s3] = await Promise.all([
    freePort().then((port) => startDynamoLocal({ port })),
    freePort().then((port) =>
      startS3Local({
        port,
        directory: mkdtempSync(join(tmpdir(), 'union-s3-')),
        bucket: TEST_BUCKET,
        root: join(__dirname, '..', '..'),
        temporary: true,
      }),
    ),
  ]);
  process.env.S3_ENDPOINT = s3.endpoint;
  (globalThis as { __s3?: typeof s3 }).__s3 = s3;
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
    BUCKET_PHOTOS: TEST_BUCKET,
    ...tableEnvironment('local'),
  };
}
