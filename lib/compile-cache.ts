import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';

/** Set to `1` to compile everything from source, as Node 22's own compile cache reads it. */
export const DISABLE_COMPILE_CACHE_ENV = 'NODE_DISABLE_COMPILE_CACHE';

/** What Node's CommonJS loader calls to compile and run one module (not in @types/node). */
type CompileModule = (this: NodeJS.Module, content: string, filename: string, format?: string) => unknown;
interface ModuleInternals {
  prototype: { _compile: CompileModule };
  _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: object): string;
  _resolveLookupPaths(request: string, parent: NodeJS.Module): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeJS.Module>;
}
/** Node 22.1 and later: the loader's own cache, the same idea done inside Node. */
type EnableCompileCache = (directory: string) => unknown;

export interface CompileCache {
  /** `own`: this module's cache (Node 20); `node`: Node's built-in one; `off`: disabled by the environment. */
  readonly kind: 'own' | 'node' | 'off';
  /** Dependencies compiled from source so far in this process, and those whose cached code was used. */
  readonly compiled: number;
  readonly fromCache: number;
  /** Writes what was compiled so far; runs by itself when the process exits. */
  save(): void;
  /** Puts Node's own compile back (the cache is not saved). */
  uninstall(): void;
}

/** One stored entry: which source it was made from, and V8's cached code for it. */
interface Entry {
  readonly sourceHash: string;
  readonly data: Buffer;
}

const DEPENDENCY_DIR = `${sep}node_modules${sep}`;
const sha1 = (text: string) => createHash('sha1').update(text).digest('base64');

/**
 * Keeps V8's compiled code for the dependencies a program loads (files under node_modules), in one file in
 * `directory`, so that the next run deserializes it instead of parsing and compiling again: about a fifth of a
 * synth, which spends a third of its time loading cdktf and the provider classes. Node 22.1+ has this built in
 * (`module.enableCompileCache`), and that is used where it exists; this is the same for Node 20.
 *
 * - The cache is written when the process exits, after the code ran, so the functions V8 compiled only when
 *   they were first called are in it too (a cache made right after the compile holds only the top level).
 * - An entry is used only for the exact source it was made from (a SHA-1 of it is kept with it). V8 itself
 *   rejects data from another V8 version or other flags; a rejected or missing entry means a normal compile.
 * - Only dependencies: the project's own files change between runs and would only churn the cache.
 * - Replaces `Module.prototype._compile` for the whole process, so call it only where the program owns the
 *   process (an entry point), never from code that a test runner or another tool loads.
 * - `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does Node's own.
 */
export function enableCompileCache(directory: string, env: NodeJS.ProcessEnv = process.env): CompileCache {
  if (env[DISABLE_COMPILE_CACHE_ENV] === '1')
    return { kind: 'off', compiled: 0, fromCache: 0, save() {}, uninstall() {} };
  const builtIn = (Module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (builtIn !== undefined) {
    builtIn(directory);
    return { kind: 'node', compiled: 0, fromCache: 0, save() {}, uninstall() {} };
  }
  const loader = Module as unknown as ModuleInternals;
  const cacheFile = join(directory, `${process.version}-${process.arch}.bin`);
  const stored = readEntries(cacheFile);
  const compiledNow = new Map<string, { sourceHash: string; script: Script }>();
  const compileFromSource = loader.prototype._compile;
  const cache = {
    kind: 'own' as const,
    compiled: 0,
    fromCache: 0,
    save(): void {
      if (compiledNow.size === 0) return;
      for (const [filename, { sourceHash, script }] of compiledNow) {
        stored.set(filename, { sourceHash, data: script.createCachedData() });
      }
      compiledNow.clear();
      writeEntries(cacheFile, stored);
    },
    uninstall(): void {
      loader.prototype._compile = compileFromSource;
      process.off('exit', cache.save);
    },
  };

  loader.prototype._compile = function compileWithCache(content, filename, format) {
    if (format === 'module' || !filename.includes(DEPENDENCY_DIR)) {
      return compileFromSource.call(this, content, filename, format);
    }
    const sourceHash = sha1(content);
    const entry = stored.get(filename);
    const cachedData = entry?.sourceHash === sourceHash ? entry.data : undefined;
    let script: Script;
    try {
      script = new Script(Module.wrap(content), { filename, cachedData });
    } catch {
      // Syntax Node handles differently (ES module syntax, which it may load as such): its own loader decides.
      return compileFromSource.call(this, content, filename, format);
    }
    if (cachedData === undefined || script.cachedDataRejected === true) {
      compiledNow.set(filename, { sourceHash, script });
      cache.compiled += 1;
    } else {
      cache.fromCache += 1;
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this, loader), this, filename, dirname(filename));
  };
  process.once('exit', cache.save);
  return cache;
}

/** The `require` a module's code gets, as Node builds it for that module. */
function requireFor(module: NodeJS.Module, loader: ModuleInternals): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    loader._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => loader._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = loader._extensions;
  require.cache = loader._cache;
  return require;
}

/**
 * The cache file: a 4-byte length, a JSON index of `[filename, sourceHash, byteLength]` in order, then every
 * entry's data back to back (one read, and no copy of the data to decode).
 */
function readEntries(cacheFile: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return entries; // the first run, or the cache was cleared
  }
  try {
    const indexLength = file.readUInt32LE(0);
    const index = JSON.parse(file.toString('utf8', 4, 4 + indexLength)) as [string, string, number][];
    let offset = 4 + indexLength;
    for (const [filename, sourceHash, byteLength] of index) {
      entries.set(filename, { sourceHash, data: file.subarray(offset, offset + byteLength) });
      offset += byteLength;
    }
    if (offset !== file.length) throw new Error('length mismatch');
    return entries;
  } catch {
    return new Map(); // a damaged cache costs one compile, and is rewritten at exit
  }
}

/** Written whole or not at all: a run reading while another writes sees the old cache or none. */
function writeEntries(cacheFile: string, entries: ReadonlyMap<string, Entry>): void {
  const index = [...entries].map(([filename, { sourceHash, data }]) => [filename, sourceHash, data.length]);
  const indexBytes = Buffer.from(JSON.stringify(index));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(indexBytes.length);
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, Buffer.concat([length, indexBytes, ...[...entries.values()].map((entry) => entry.data)]));
    renameSync(partial, cacheFile);
  } catch {
    // A cache that cannot be written (read-only tree, full disk) only costs the next run a compile.
  }
}
