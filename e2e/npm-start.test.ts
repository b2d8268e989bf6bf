import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/lib/free-port';
import { root } from './support/stack';

jest.setTimeout(300_000);

/** Running, i.e. present and not a zombie (a container's PID 1 may never reap exited orphans). */
function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0];
    return state !== 'Z';
  } catch {
    return false;
  }
}

/** Every pid in the process tree below `pid` (from /proc), so the test sees grandchildren too. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* exited meanwhile */
    }
  }
  const all: number[] = [];
  const walk = (p: number) => (parents.get(p) ?? []).forEach((c) => (all.push(c), walk(c)));
  walk(pid);
  return all;
}

describe('npm start', () => {
  it('runs the whole system with demo data, and SIGTERM leaves nothing running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'union-start-'));
    const ports = {
      DYNAMO_PORT: await freePort(),
      S3_PORT: await freePort(),
      API_PORT: await freePort(),
      LAMBDA_PORT: await freePort(),
      H5_PORT: await freePort(),
      WECHAT_PORT: await freePort(),
    };
    const start = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
      cwd: root,
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
        DATA_DIR: dataDir,
        S3_DATA_DIR: join(dataDir, 's3'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    start.stdout.on('data', (c: Buffer) => (output += c.toString()));
    start.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => start.once('exit', resolve));

    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (output.includes('按 Ctrl-C 停止')) {
            clearInterval(timer);
            resolve();
          }
          if (start.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`npm start exited:\n${output}`));
          }
        }, 200);
      });
      expect(output).toContain(`http://127.0.0.1:${ports.H5_PORT}/`);

      // the printed URLs work: the app page, and the API through the app's /api proxy with demo data
      const page = await fetch(`http://127.0.0.1:${ports.H5_PORT}/`);
      expect(await page.text()).toContain('<div id="app">');
      const login = await fetch(`http://127.0.0.1:${ports.H5_PORT}/api/auth/wechat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'dev:admin' }),
      });
      const { token, me } = (await login.json()) as { token: string; me: { displayName: string } };
      expect(me.displayName).toBe('张主任');
      // the tree comes a level at a time: the city and its districts, then a district's streets
      const orgs = await fetch(`http://127.0.0.1:${ports.API_PORT}/orgs`, { headers: { authorization: `Bearer ${token}` } });
      expect(JSON.stringify(await orgs.json())).toContain('丰台区总工会');
      const streets = await fetch(`http://127.0.0.1:${ports.API_PORT}/orgs?under=fengtai`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(JSON.stringify(await streets.json())).toContain('卢沟桥街道总工会');

      const tree = descendants(start.pid!);
      expect(tree.length).toBeGreaterThanOrEqual(3);
      start.kill('SIGTERM');
      expect(await exited).toBe(0);
      await new Promise((r) => setTimeout(r, 500));
      const describe = (pid: number) => `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 160)}`;
      expect(tree.filter(alive).map(describe)).toEqual([]);
      for (const port of Object.values(ports)) {
        await expect(fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
      }
    } finally {
      if (start.exitCode === null) start.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
