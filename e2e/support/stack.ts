import type { Server } from 'node:http';
import { join } from 'node:path';
import { startDynamoLocal, localClient, type LocalDynamo } from '../../scripts/lib/dynamodb-local';
import { createLocalTables } from '../../scripts/lib/local-tables';
import { freePort } from '../../scripts/lib/free-port';
import { startApi, waitForHttp, type Service } from '../../scripts/lib/processes';
import { serveH5 } from '../../scripts/lib/serve-h5';
import { startS3Local, type LocalS3 } from '../../scripts/lib/s3-local';
import { startFakeWechat, type FakeWechat } from '../../scripts/lib/fake-wechat';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

export const root = join(__dirname, '..', '..');
/** The H5 build the browser tests serve; H5_DIST points elsewhere to test a build made on the side. */
export const h5Dir = process.env.H5_DIST ?? join(root, 'miniapp', 'dist', 'h5');

export interface Stack {
  appUrl: string;
  apiUrl: string;
  /** the S3-compatible store the station photos go to (the browser posts to it directly) */
  s3Url: string;
  /** WeChat's server API as the functions call it: what subscribe messages it was asked to send */
  wechat: Pick<FakeWechat, 'baseUrl' | 'sent'>;
  stop(): Promise<void>;
}

/**
 * The local system on free ports: in-memory DynamoDB Local seeded with the demo data, the API
 * under serverless-offline (with the fake WeChat server API), and the built H5 app (miniapp/dist/h5) with /api proxied to the API.
 */
export async function startStack(): Promise<Stack> {
  let dynamo: LocalDynamo | undefined;
  let s3: LocalS3 | undefined;
  let api: Service | undefined;
  let web: Server | undefined;
  let wechat: FakeWechat | undefined;
  const stop = async () => {
    await new Promise((r) => (web ? web.close(r) : r(undefined)));
    await api?.stop();
    await dynamo?.stop();
    await s3?.stop();
    await wechat?.close();
  };
  try {
    dynamo = await startDynamoLocal({ port: await freePort() });
    s3 = await startS3Local({
      port: await freePort(),
      directory: mkdtempSync(join(tmpdir(), 'union-e2e-s3-')),
      bucket: 'union-services-local-photos',
      root,
      temporary: true,
    });
    // WeChat's server API (content check of wall posts), as npm start runs it
    wechat = await startFakeWechat({ port: await freePort() });
    const client = localClient(dynamo.endpoint);
    await createLocalTables(client, 'local');
    client.destroy();

    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    const { tableEnvironment } = await import('../../infra/tables.cjs');
    Object.assign(process.env, { STAGE: 'local' }, tableEnvironment('local'));
    const { seedDemoData } = await import('../../scripts/demo-data/seed');
    await seedDemoData();
    (await import('../../functions/lib/db')).closeDb();

    const apiPort = await freePort();
    const webPort = await freePort();
    // join QR codes point at the H5 app, as they point at the union's domain when deployed
    api = startApi({
      root,
      dynamoEndpoint: dynamo.endpoint,
      apiPort,
      lambdaPort: await freePort(),
      env: {
        JOIN_BASE_URL: `http://127.0.0.1:${webPort}`,
        S3_ENDPOINT: s3.endpoint,
        BUCKET_PHOTOS: s3.bucket,
        WECHAT_API_BASE: wechat.baseUrl,
        // every browser test file starts a stack: bundle the functions once, not once per file
        SLS_REUSE_BUNDLES: '1',
      },
    });
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitForHttp(`${apiUrl}/health`, api);

    web = await serveH5({ dir: h5Dir, apiOrigin: apiUrl, port: webPort });
    return { appUrl: `http://127.0.0.1:${webPort}/`, apiUrl, s3Url: s3.endpoint, wechat, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
