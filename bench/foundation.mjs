#!/usr/bin/env node
// Foundation figures: `npm start` time to ready (cold and warm data dir), build times and sizes.
//   node bench/foundation.mjs            (ports must be free; takes ~2 minutes)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, SLS_TELEMETRY_DISABLED: '1', BROWSERSLIST_IGNORE_OLD_DATA: '1' };

function timeStart(dataDir) {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
      cwd: root,
      env: { ...env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('按 Ctrl-C 停止')) {
        const seconds = (Date.now() - started) / 1000;
        const stopAt = Date.now();
        child.once('exit', () => resolvePromise({ seconds, stopSeconds: (Date.now() - stopAt) / 1000 }));
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(out)));
  });
}

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

function build(type) {
  const started = Date.now();
  const r = spawnSync(join(root, 'node_modules/.bin/taro'), ['build', '--type', type, '--no-check'], {
    cwd: join(root, 'miniapp'),
    env,
    stdio: 'ignore',
  });
  if (r.status !== 0) throw new Error(`taro build ${type} failed`);
  return (Date.now() - started) / 1000;
}

const weappSeconds = build('weapp');
const weappDir = join(root, 'miniapp/dist/weapp');
const weappFiles = files(weappDir);
const weappTotal = weappFiles.reduce((s, f) => s + statSync(f).size, 0);
const weappStaff = weappFiles.filter((f) => f.startsWith(join(weappDir, 'staff'))).reduce((s, f) => s + statSync(f).size, 0);

const h5Seconds = build('h5');
const h5Js = files(join(root, 'miniapp/dist/h5/js')).filter((f) => f.endsWith('.js'));
const h5Raw = h5Js.reduce((s, f) => s + statSync(f).size, 0);
const h5Gzip = h5Js.reduce((s, f) => s + gzipSync(readFileSync(f)).length, 0);

const dataDir = mkdtempSync(join(tmpdir(), 'union-bench-'));
const cold = await timeStart(dataDir);
const warm = await timeStart(dataDir);
rmSync(dataDir, { recursive: true, force: true });

console.log(`npm start, cold (empty data dir): ready in ${cold.seconds.toFixed(1)} s, stopped in ${cold.stopSeconds.toFixed(1)} s`);
console.log(`npm start, warm (data kept):      ready in ${warm.seconds.toFixed(1)} s, stopped in ${warm.stopSeconds.toFixed(1)} s`);
console.log(
  `weapp build: ${weappSeconds.toFixed(1)} s; total ${kb(weappTotal)} (main package ${kb(weappTotal - weappStaff)}, staff subpackage ${kb(weappStaff)}; limit 2048 KB each)`,
);
console.log(`h5 build:    ${h5Seconds.toFixed(1)} s; JS ${kb(h5Raw)} raw, ${kb(h5Gzip)} gzipped`);
