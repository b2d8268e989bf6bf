import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeWhen } from '../../test/support/describe-when';
import { distDir, hasBuild } from './weapp-harness';

const describeBuilt = describeWhen(hasBuild(), 'the weapp size test needs miniapp/dist/weapp: run `npm run build:weapp`');

/** WeChat's limits: the main package (what every worker downloads first) ≤ 2 MB; ours is 1 MB by choice. */
const MAIN_LIMIT = 1024 * 1024;
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describeBuilt('the built weapp packages', () => {
  // the subpackages as the build declares them to WeChat
  const app = JSON.parse(readFileSync(join(distDir, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''));
  const files = filesUnder(distDir).map((path) => ({ path, rel: relative(distDir, path), bytes: statSync(path).size }));
  const inRoot = (rel: string, root: string) => rel === root || rel.startsWith(`${root}/`);
  const main = files.filter((f) => !roots.some((root) => inRoot(f.rel, root)));

  it('the main package stays ≤ 1 MB and each subpackage ≤ 2 MB', () => {
    const sizes = Object.fromEntries([
      ['main', main.reduce((n, f) => n + f.bytes, 0)],
      ...roots.map((root) => [root, files.filter((f) => inRoot(f.rel, root)).reduce((n, f) => n + f.bytes, 0)]),
    ]);
    expect(sizes.main).toBeLessThanOrEqual(MAIN_LIMIT);
    expect(roots).toEqual(expect.arrayContaining(['staff', 'inbox']));
    for (const root of roots) expect(sizes[root]).toBeLessThanOrEqual(SUBPACKAGE_LIMIT);
  });

  it('the stall’s P-256 verifier (and the charts) live in the staff subpackage, not in the main package', () => {
    // the curve's field prime, written out in features/stall/offline-verify.ts
    const curve = 'ffffffff00000001000000000000000000000000ffffffffffffffffffffffff';
    const carrying = (list: typeof files) => list.filter((f) => f.rel.endsWith('.js') && readFileSync(f.path, 'utf8').includes(curve));
    expect(carrying(main).map((f) => f.rel)).toEqual([]);
    expect(carrying(files.filter((f) => inRoot(f.rel, 'staff'))).length).toBeGreaterThan(0);
  });
});
