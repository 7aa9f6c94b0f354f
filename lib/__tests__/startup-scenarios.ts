/**
 * Run by app-startup.test.ts in a child process: what main.ts does before cdktf loads acts on Node's own CommonJS
 * loader, which jest replaces with its registry (and its `node:module`). Plays the scenarios named on the command
 * line in one process and prints what each saw as JSON. A compile-cache "run" loads the modules afresh and saves as a
 * process does at exit.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enableCompileCache } from '../compile-cache';
import { cdktfArchiverPath } from '../unused-archiver';

const moduleCache = (Module as unknown as { _cache: Record<string, unknown> })._cache;

function project() {
  const root = mkdtempSync(join(tmpdir(), 'compile-cache-'));
  const cacheDir = join(root, 'cache');
  mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true });
  const writeDependency = (label: string) =>
    writeFileSync(
      join(root, 'node_modules', 'dep', 'index.js'),
      `const helper = require('./helper');
       module.exports = () => [helper('${label}'), require.resolve('./helper') === __dirname + '/helper.js'].join(' ');\n`,
    );
  writeDependency('one');
  writeFileSync(join(root, 'node_modules', 'dep', 'helper.js'), 'module.exports = (x) => `helped ${x}`;\n');
  // The project's own file: never cached.
  writeFileSync(join(root, 'own.js'), "module.exports = () => require('dep')() + ' via own';\n");
  const run = (env: NodeJS.ProcessEnv = {}) => {
    for (const file of Object.keys(moduleCache)) if (file.startsWith(root)) delete moduleCache[file];
    const cache = enableCompileCache(cacheDir, env);
    try {
      const output = (createRequire(join(root, 'entry.js'))('./own.js') as () => string)();
      cache.save();
      return { output, kind: cache.kind, compiled: cache.compiled, fromCache: cache.fromCache };
    } finally {
      cache.uninstall();
    }
  };
  const cacheFiles = () => {
    try {
      return readdirSync(cacheDir);
    } catch {
      return [];
    }
  };
  const damage = () => {
    for (const file of cacheFiles()) writeFileSync(join(cacheDir, file), 'not a cache');
  };
  return { run, writeDependency, cacheFiles, damage, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Plays `scenario` in a fresh scratch project, removed afterwards. */
function inProject<T>(scenario: (p: ReturnType<typeof project>) => T): T {
  const p = project();
  try {
    return scenario(p);
  } finally {
    p.remove();
  }
}

const scenarios: Record<string, () => unknown> = {
  // First, while cdktf is not loaded yet: the stand-in is registered before it, as main.ts imports it first.
  archiver: () => {
    // Loaded here, in this order, rather than imported: imports would load cdktf before the scenario runs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../before-cdktf-loads');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { App } = require('cdktf') as typeof import('cdktf');
    const archiverPath = cdktfArchiverPath();
    let message: string | undefined;
    try {
      (require.cache[archiverPath]?.exports as (format: string) => unknown)('zip');
    } catch (error) {
      message = (error as Error).message;
    }
    return {
      app: typeof App,
      // archiver's own modules and its helpers (archiver-utils): none but the stand-in's entry.
      archiverModules: Object.keys(require.cache).filter(
        (file) => file.includes('/node_modules/') && file.includes('archiver') && file !== archiverPath,
      ).length,
      message,
    };
  },
  reuse: () => inProject((p) => [p.run(), p.cacheFiles(), p.run()]),
  changed: () =>
    inProject((p) => {
      const first = p.run();
      p.writeDependency('two');
      return [first, p.run(), p.run()];
    }),
  damaged: () =>
    inProject((p) => {
      const first = p.run();
      p.damage();
      return [first, p.run(), p.run()];
    }),
  disabled: () => inProject((p) => [p.run({ NODE_DISABLE_COMPILE_CACHE: '1' }), p.cacheFiles()]),
};

console.log(JSON.stringify(Object.fromEntries(process.argv.slice(2).map((name) => [name, scenarios[name]()]))));
