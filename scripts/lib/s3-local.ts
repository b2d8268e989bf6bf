import { rmSync } from 'node:fs';
import { spawnService, waitForHttp, type Service } from './processes';

/**
 * An S3-compatible server (s3rver) in a child process, for `npm start` and the tests: the functions
 * use the same @aws-sdk/client-s3 calls against it as against S3 (path-style URLs). It does NOT
 * enforce presigned POST policy conditions (type, size): the server checks what arrived itself.
 * The bucket allows cross-origin POST and GET, as the deployed bucket allows the app's origin.
 * A plain `node` child: under tsx's require hooks one of s3rver's dependencies loads its ESM build.
 */
export interface LocalS3 {
  endpoint: string;
  bucket: string;
  service: Service;
  stop(): Promise<void>;
}

const CORS = `<CORSConfiguration><CORSRule>
  <AllowedOrigin>*</AllowedOrigin>
  <AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>PUT</AllowedMethod>
  <AllowedHeader>*</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;

const SERVER = `
const S3rver = require('s3rver');
const { port, directory, bucket, cors } = JSON.parse(process.env.S3_LOCAL);
const server = new S3rver({ address: '127.0.0.1', port, silent: true, directory,
  configureBuckets: [{ name: bucket, configs: [Buffer.from(cors)] }] });
server.run().then(({ port }) => console.log('s3rver listening on ' + port));
process.on('SIGTERM', () => process.exit(0));
`;

/** `temporary`: the directory is removed when the server stops (tests). */
export async function startS3Local(opts: {
  port: number;
  directory: string;
  bucket: string;
  root: string;
  echo?: boolean;
  temporary?: boolean;
}): Promise<LocalS3> {
  const service = spawnService('s3', process.execPath, ['-e', SERVER], {
    cwd: opts.root,
    echo: opts.echo,
    env: { ...process.env, S3_LOCAL: JSON.stringify({ port: opts.port, directory: opts.directory, bucket: opts.bucket, cors: CORS }) },
  });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  try {
    await waitForHttp(`${endpoint}/`, service, 30_000);
  } catch (error) {
    await service.stop();
    throw error;
  }
  const stop = async () => {
    await service.stop();
    if (opts.temporary) rmSync(opts.directory, { recursive: true, force: true });
  };
  return { endpoint, bucket: opts.bucket, service, stop };
}
