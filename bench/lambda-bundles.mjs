#!/usr/bin/env node
// Lambda bundle figures: the size of every function zip that `serverless package --stage prod` makes,
// and a cold start's module init time (the time to `require` a handler file in a fresh node process).
//   node bench/lambda-bundles.mjs [runs=15] [git revision]   (about a minute: packaging is most of it)
// Without a revision the working tree is packaged; with one (e.g. to compare before and after a change),
// that commit's serverless.yml, functions, shared and infra.
// Init is measured on this machine's node, with the function's own environment from the template
// (NODE_OPTIONS included) and the repository's @aws-sdk standing in for the one the Lambda runtime ships.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);
const revision = process.argv[3];
const measured = ['signUp', 'loginWithWechat', 'findNearbyStations'];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

// Package a copy of the service: serverless-esbuild builds in <service>/.esbuild, which a running
// `npm start` (serverless-offline, local stage) or another package run would share.
const service = mkdtempSync(join(tmpdir(), 'union-service-'));
const paths = ['serverless.yml', 'package.json', 'tsconfig.json', 'functions', 'shared', 'infra'];
if (revision) execFileSync('sh', ['-c', `git archive ${revision} ${paths.join(' ')} | tar -x -C ${service}`], { cwd: root });
else for (const path of paths) cpSync(join(root, path), join(service, path), { recursive: true });
symlinkSync(join(root, 'node_modules'), join(service, 'node_modules'));

/** Requires `modules` in fresh node processes: wall time, and CPU time (user + system), which a busy machine disturbs far less. */
function timeRequire(modules, env, name) {
  const script =
    `const t = process.hrtime.bigint(), c = process.cpuUsage(); ${modules.map((m) => `require(${JSON.stringify(m)});`).join(' ')} ` +
    `const u = process.cpuUsage(c); process.stdout.write(JSON.stringify([Number(process.hrtime.bigint() - t) / 1e6, (u.user + u.system) / 1e3]));`;
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${name}: require failed\n${run.stderr}`);
    const [w, c] = JSON.parse(run.stdout);
    wall.push(w);
    cpu.push(c);
  }
  return { wall, cpu };
}
const figures = (wall, cpu) =>
  `wall median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}), ` +
  `CPU median ${median(cpu).toFixed(0)} ms (min ${Math.min(...cpu).toFixed(0)}) over ${runs} runs`;

const out = mkdtempSync(join(tmpdir(), 'union-bundles-'));
try {
  const started = Date.now();
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'prod', '--package', out],
    {
      cwd: service,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  console.log(`${revision ?? 'working tree'}: serverless package --stage prod: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const zips = readdirSync(out).filter((f) => f.endsWith('.zip'));
  const sizes = zips.map((f) => statSync(join(out, f)).size);
  const sorted = [...sizes].sort((a, b) => a - b);
  console.log(
    `${zips.length} zips: min ${kb(sorted[0])}, median ${kb(median(sizes))}, max ${kb(sorted.at(-1))}, total ${kb(sizes.reduce((a, b) => a + b, 0))}`,
  );

  const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
  const sdk = join(root, 'node_modules');

  // what the runtime's SDK alone costs (every function loads it), to see how much of init is ours
  const sdkOnly = timeRequire(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'], { PATH: process.env.PATH, NODE_PATH: sdk }, 'sdk');
  console.log(`@aws-sdk/client-dynamodb + lib-dynamodb alone: ${figures(sdkOnly.wall, sdkOnly.cpu)}`);

  for (const name of measured) {
    const zip = join(out, `${name}.zip`);
    const dir = mkdtempSync(join(tmpdir(), `union-${name}-`));
    try {
      execFileSync('unzip', ['-q', zip, '-d', dir]);
      const listing = execFileSync('unzip', ['-l', zip], { encoding: 'utf8' });
      const files = listing
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((cols) => cols.length === 4 && /^\d+$/.test(cols[0]));
      const js = files.filter((cols) => cols[3].endsWith('.js')).reduce((sum, cols) => sum + Number(cols[0]), 0);
      const maps = files.filter((cols) => cols[3].endsWith('.map')).reduce((sum, cols) => sum + Number(cols[0]), 0);

      const fn = functions.find((f) => f.Properties.FunctionName === `union-services-prod-${name}`);
      const handlerFile = join(dir, `${fn.Properties.Handler.replace(/\.handler$/, '')}.js`);
      // secrets and table names arrive from CloudFormation; any string will do for module init
      const variables = Object.fromEntries(
        Object.entries(fn.Properties.Environment?.Variables ?? {}).map(([k, v]) => [
          k,
          typeof v === 'string' && !v.startsWith('{{') ? v : `bench-${k}`,
        ]),
      );
      const env = {
        PATH: process.env.PATH,
        ...variables,
        AWS_REGION: 'cn-north-1',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        NODE_PATH: sdk,
      };
      const { wall, cpu } = timeRequire([handlerFile], env, name);
      console.log(
        `${name}: zip ${kb(statSync(zip).size)} (js ${kb(js)}, maps ${kb(maps)}); NODE_OPTIONS=${variables.NODE_OPTIONS ?? ''}; ` +
          `init (require) ${figures(wall, cpu)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
  rmSync(service, { recursive: true, force: true });
}
