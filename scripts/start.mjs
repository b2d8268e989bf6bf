#!/usr/bin/env node
// npm start: the whole system locally with demo data, in one command.
//   DynamoDB Local (data kept in .data/dynamodb) + object storage (s3rver, files in .data/s3)
//   → tables → demo data → API (serverless-offline)
//   → H5 app (taro watch + dev server, /api proxied to the API). Ctrl-C or SIGTERM stops them all.
//   + a local stand-in for WeChat's server API (scripts/lib/fake-wechat.ts: access token, content check,
//     subscribe messages)
// Ports: DYNAMO_PORT 8000, S3_PORT 4569, API_PORT 3000, LAMBDA_PORT 3002, H5_PORT 10086, WECHAT_PORT 4600 (override by env).
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register as registerEsm } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

// run the TypeScript helpers in this process (no extra child to forward signals to)
registerEsm();
registerCjs();
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { startDynamoLocal, localClient } = await import('./lib/dynamodb-local.ts');
const { createLocalTables } = await import('./lib/local-tables.ts');
const { spawnService, startApi, waitForHttp, quietEnv } = await import('./lib/processes.ts');
const { startS3Local } = await import('./lib/s3-local.ts');
const { startFakeWechat } = await import('./lib/fake-wechat.ts');

const started = Date.now();
const port = (name, fallback) => Number(process.env[name] ?? fallback);
const ports = {
  dynamo: port('DYNAMO_PORT', 8000),
  s3: port('S3_PORT', 4569),
  api: port('API_PORT', 3000),
  lambda: port('LAMBDA_PORT', 3002),
  h5: port('H5_PORT', 10086),
  wechat: port('WECHAT_PORT', 4600),
};
const dataDir = resolve(process.env.DATA_DIR ?? join(root, '.data', 'dynamodb'));
const s3Dir = resolve(process.env.S3_DATA_DIR ?? join(root, '.data', 's3'));
const say = (line) => process.stdout.write(`${line}\n`);

const stoppers = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('\n正在停止所有服务… (stopping)');
  await Promise.all(stoppers.reverse().map((stop) => stop().catch(() => {})));
  say('已全部停止。');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function assertFree(p, what) {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', () => fail(new Error(`端口 ${p} 已被占用 (${what})。请关闭占用它的程序，或设置 ${what} 环境变量换一个端口。`)));
    server.listen(p, '127.0.0.1', () => server.close(ok));
  });
}

try {
  for (const [name, p] of Object.entries({
    DYNAMO_PORT: ports.dynamo,
    S3_PORT: ports.s3,
    API_PORT: ports.api,
    LAMBDA_PORT: ports.lambda,
    H5_PORT: ports.h5,
    WECHAT_PORT: ports.wechat,
  }))
    await assertFree(p, name);

  say('1/4 启动 DynamoDB Local …');
  mkdirSync(dataDir, { recursive: true });
  const dynamo = await startDynamoLocal({ port: ports.dynamo, dataDir });
  stoppers.push(dynamo.stop);
  // station photos: the browser posts uploads to it and loads photos from it directly
  mkdirSync(s3Dir, { recursive: true });
  const s3 = await startS3Local({
    port: ports.s3,
    directory: s3Dir,
    bucket: 'union-services-local-photos',
    root,
    echo: process.env.VERBOSE === '1',
  });
  stoppers.push(s3.stop);
  Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, BUCKET_PHOTOS: s3.bucket });
  // WeChat's server API (access token, msgSecCheck for wall posts): the same fake the tests use,
  // so posts are checked locally too (违禁 in a post → refused)
  const wechat = await startFakeWechat({ port: ports.wechat });
  stoppers.push(wechat.close);
  process.env.WECHAT_API_BASE = wechat.baseUrl;
  // the local stage's app id and secret (infra/functions.cjs), for the sweeps run in this process
  process.env.WECHAT_APP_ID ??= 'wx-local-dev';
  process.env.WECHAT_APP_SECRET ??= 'local-dev-secret';

  say('2/4 建表并写入演示数据 …');
  const client = localClient(dynamo.endpoint);
  await createLocalTables(client, 'local');
  client.destroy();
  Object.assign(process.env, { DYNAMODB_ENDPOINT: dynamo.endpoint, STAGE: 'local' });
  const { tableEnvironment } = await import('../infra/tables.cjs');
  Object.assign(process.env, tableEnvironment('local'));
  const { seedDemoData } = await import('./demo-data/seed.ts');
  const seeded = await seedDemoData();
  say(`    ${seeded.orgs} 个工会组织，${seeded.users} 个演示账号`);
  // stations kept in .data from before the nearby index: placed in it once (docs/stations.md)
  const { backfillStationIndex } = await import('./backfill-station-index.ts');
  const placed = await backfillStationIndex();
  if (placed.indexed > 0) say(`    ${placed.indexed} 个以前的驿站放入附近索引`);
  if (placed.dues > 0) say(`    ${placed.dues} 个以前的驿站加入待检查名单`);

  say('3/4 启动 API (serverless-offline) …');
  const api = startApi({
    root,
    dynamoEndpoint: dynamo.endpoint,
    apiPort: ports.api,
    lambdaPort: ports.lambda,
    echo: process.env.VERBOSE === '1',
  });
  stoppers.push(api.stop);

  say('4/4 构建并启动 H5 应用 (taro, watch) …');
  const h5 = spawnService(
    'h5',
    process.execPath,
    [join(root, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', 'h5', '--watch', '--no-check'],
    {
      cwd: join(root, 'miniapp'),
      echo: process.env.VERBOSE === '1',
      env: {
        ...process.env,
        ...quietEnv,
        H5_PORT: String(ports.h5),
        API_PROXY_TARGET: `http://127.0.0.1:${ports.api}`,
        TARO_OUTPUT_ROOT: 'dist/h5-dev',
      },
    },
  );
  stoppers.push(h5.stop);

  // serverless-offline does not run schedule events: sweep expired waiting-list offers here, as the
  // deployed expireHolds function does every minute
  const { expireHolds } = await import('../functions/activities/expire-holds.ts');
  const sweeper = setInterval(() => expireHolds().catch((e) => say(`候补过期处理失败：${e.message}`)), 60_000);
  stoppers.push(async () => clearInterval(sweeper));
  // stall devices' leases not returned within 12 h give their places back (deployed: returnExpiredLeases every 5 minutes)
  const { returnExpiredLeases } = await import('../functions/outreach/return-expired-leases.ts');
  const leaseSweeper = setInterval(() => returnExpiredLeases().catch((e) => say(`摊位预留名额归还失败：${e.message}`)), 5 * 60_000);
  stoppers.push(async () => clearInterval(leaseSweeper));
  // activity reminders, the day before and 2 hours before (deployed: sendReminders every 5 minutes)
  const { sendReminders } = await import('../functions/activities/send-reminders.ts');
  const reminder = setInterval(() => sendReminders().catch((e) => say(`活动提醒发送失败：${e.message}`)), 5 * 60_000);
  stoppers.push(async () => clearInterval(reminder));
  // resolved reports' reporters, a year after (deployed: anonymiseReports every hour)
  const { anonymiseReports } = await import('../functions/stations/anonymise-reports.ts');
  const anonymiser = setInterval(() => anonymiseReports().catch((e) => say(`问题反馈匿名化失败：${e.message}`)), 60 * 60_000);
  stoppers.push(async () => clearInterval(anonymiser));
  // the tails of 注销 (sign-ups, messages, posts, audit entries of a long history; deployed: finishErasures every minute)
  const { runErasures } = await import('../functions/account/erasure.ts');
  const eraser = setInterval(() => runErasures().catch((e) => say(`注销账号的后续处理失败：${e.message}`)), 60_000);
  stoppers.push(async () => clearInterval(eraser));
  // likewise the rescope job (deployed: every minute): a moved org's members, activities, stations…
  // follow it into its new ancestors' lists
  const { runRescopes } = await import('../functions/org-admin/rescope.ts');
  const rescoper = setInterval(() => runRescopes().catch((e) => say(`组织移动后的列表更新失败：${e.message}`)), 15_000);
  stoppers.push(async () => clearInterval(rescoper));
  // WeChat subscribe messages: there is no stream locally, so the deliveries sweep is the consumer,
  // every 5 s with its clock a minute ahead (deployed: deliverStream at once, deliverDue every minute)
  for (const [key, id] of Object.entries({
    REVIEW: 'review',
    WAITLIST: 'waitlist',
    EXPIRING: 'expiring',
    REMINDER: 'reminder',
    REPORT: 'report',
  })) {
    process.env[`WECHAT_TEMPLATE_${key}`] ??= `local-template-${id}`;
  }
  const { deliverDue } = await import('../functions/messages/deliver.ts');
  const deliverer = setInterval(() => deliverDue(new Date(Date.now() + 60_000)).catch((e) => say(`订阅消息发送失败：${e.message}`)), 5_000);
  stoppers.push(async () => clearInterval(deliverer));
  // wall posts WeChat's content check did not answer for (deployed: recheckPosts every minute)
  const { recheckPosts } = await import('../functions/stations/post-check.ts');
  const rechecker = setInterval(() => recheckPosts().catch((e) => say(`留言内容复查失败：${e.message}`)), 60_000);
  stoppers.push(async () => clearInterval(rechecker));
  // station photos WeChat's picture check did not answer for (deployed: recheckPhotos every minute)
  const { recheckPhotos } = await import('../functions/stations/photo-check.ts');
  const photoRechecker = setInterval(() => recheckPhotos().catch((e) => say(`照片内容复查失败：${e.message}`)), 60_000);
  stoppers.push(async () => clearInterval(photoRechecker));

  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const appUrl = `http://127.0.0.1:${ports.h5}/`;
  await Promise.all([waitForHttp(`${apiUrl}/health`, api, 120_000), waitForHttp(appUrl, h5, 240_000)]);

  for (const service of [api, h5]) {
    service.child.once('exit', () => {
      if (stopping) return;
      say(`${service.name} 意外退出:\n${service.tail()}`);
      stopAll(1);
    });
  }

  say('');
  say(`工会服务已启动 (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  say(`  H5 应用   ${appUrl}   ← 用浏览器打开，选择演示身份登录：职工 / 工会工作人员 / 工会管理员`);
  say(`  API       ${apiUrl}    (例如 ${apiUrl}/health)`);
  say(`  DynamoDB  ${dynamo.endpoint}   数据保存在 ${dataDir}`);
  say(`  照片存储  ${s3.endpoint}   (S3 兼容，文件保存在 ${s3Dir})`);
  say(`  微信接口  ${wechat.baseUrl}   (本地模拟：令牌、内容安全检查；留言含「违禁」即不通过)`);
  say(`children: ${[dynamo.process.pid, s3.service.child.pid, api.child.pid, h5.child.pid].join(' ')}`);
  say('按 Ctrl-C 停止。');
} catch (error) {
  say(`启动失败：${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
