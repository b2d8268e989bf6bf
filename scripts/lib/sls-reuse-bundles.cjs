// A serverless plugin for the browser tests: each test file starts its own stack, and serverless-esbuild
// bundled all ~150 functions again every time (~10–15 s of a ~23 s start on 2 cores). With
// SLS_REUSE_BUNDLES=1, the bundles of the last build are reused when no source changed since
// (a stamp of every file's path, size and mtime under functions/, shared/, infra/, plus
// serverless.yml and package-lock.json). Anything else — npm start, packaging — builds as before.
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

function sourceStamp(root, options) {
  const hash = createHash('sha256');
  // a packaged stage builds other bundles (minified, no maps) into the same folder
  hash.update(JSON.stringify(options));
  const visit = (path) => {
    const s = statSync(path);
    if (s.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name !== 'node_modules') visit(join(path, name));
    } else hash.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
  };
  for (const part of ['functions', 'shared', 'infra', 'serverless.yml', 'package-lock.json']) {
    const path = join(root, part);
    if (existsSync(path)) visit(path);
  }
  return hash.digest('hex');
}

class ReuseBundles {
  constructor(serverless) {
    const esbuild = serverless.pluginManager.plugins.find((p) => p.constructor && p.constructor.name === 'EsbuildServerlessPlugin');
    if (!esbuild) return;
    const build = esbuild.bundle;
    esbuild.bundle = async function reuseOrBuild() {
      const stampFile = join(this.buildDirPath, '.reuse-stamp');
      if (process.env.SLS_REUSE_BUNDLES !== '1') {
        // any other build (npm start, a package) may change the bundles: the next stack must not trust them
        rmSync(stampFile, { force: true });
        return build();
      }
      const stamp = sourceStamp(this.serviceDirPath, { stage: serverless.service.provider.stage, build: this.buildOptions });
      if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
        this.prepare();
        const ext = this.buildOptions.outputFileExtension || '.js';
        const results = this.functionEntries.map(({ entry, func, functionAlias }) => ({
          bundlePath: entry.slice(0, entry.lastIndexOf('.')) + ext,
          func,
          functionAlias,
        }));
        if (results.every((r) => existsSync(join(this.buildDirPath, r.bundlePath)))) {
          this.buildResults = results;
          this.log.verbose('Reusing the bundles of the last build (no source changed).');
          return;
        }
      }
      await build();
      writeFileSync(stampFile, stamp);
    };
  }
}

module.exports = ReuseBundles;
