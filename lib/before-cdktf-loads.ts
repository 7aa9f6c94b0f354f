/**
 * Imported first by main.ts, for its side effects: what has to happen before cdktf is loaded. TypeScript keeps the
 * order of imports, so everything main.ts imports after this one loads with these in place.
 */
import { dirname, join } from 'node:path';
import { enableCompileCache } from './compile-cache';
import { standInForCdktfArchiver } from './unused-archiver';

/** Beside the other tools' caches (tsc, eslint): `npm ci` starts it afresh. */
function compileCacheDir(): string {
  const nodeModules = dirname(dirname(require.resolve('cdktf/package.json')));
  return join(nodeModules, '.cache', 'cdktf-app-compile-cache');
}

standInForCdktfArchiver();
// The compile cache changes how this whole process loads modules: only when main.ts is the program (node
// dist/app/main.js), not when a test or a tool imports it.
if (require.main !== undefined && require.main.children.includes(module)) enableCompileCache(compileCacheDir());
