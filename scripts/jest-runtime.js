/**
 * jest's module runtime, with V8's code cache kept across the test files a worker runs.
 *
 * Every test file gets a fresh module registry, so each one compiled cdktf, the provider classes it imports
 * (about 9 MB of JavaScript for the platform stack) and the AWS SDK again, and compiled each function again the
 * first time it ran: a tenth of the suite's CPU. Here the first test file to load a dependency compiles it;
 * when that file ends, V8 serializes the code it compiled for it, the functions that ran included, and later
 * files in the same worker deserialize that instead of parsing and compiling again.
 *
 * - Only files under node_modules are cached: our own sources change between runs, and jest maps their stack
 *   frames through source maps. A dependency's frames on its first line are off by the wrapper's length in
 *   their column, as they were in Node's own module wrapper.
 * - The cache is per worker and in memory, keyed by file name and checked against the exact source, so nothing
 *   stale survives a run. Cached data that V8 rejects only means a normal compile.
 */
const { Script } = require('node:vm');
const Runtime = require('jest-runtime').default;

/** filename -> { source, data }: `data` is V8's cached code, filled in when the file that compiled it ends. */
const codeCache = new Map();

class CodeCachingRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    /** Scripts this test file compiled without cached data: serialized at teardown, after they have run. */
    this.compiledWithoutCache = [];
    const executor = this.executor;
    const compileWithoutCache = executor.compile.bind(executor);
    executor.compile = (source, filename) => {
      const vmContext = executor.environment.getVmContext();
      if (vmContext == null || !filename.includes('/node_modules/')) return compileWithoutCache(source, filename);
      const cached = codeCache.get(filename);
      const cachedData = cached?.source === source ? cached.data : undefined;
      let script;
      try {
        // The same function jest compiles, with the parameters it passes (module, exports, require, ...).
        script = new Script(`(function (${executor.injectedModuleParameters.join(', ')}) {${source}\n})`, {
          filename,
          cachedData,
          importModuleDynamically: (specifier, _script, importAttributes, ...rest) =>
            executor.dynamicImport(specifier, filename, vmContext, importAttributes, rest[0]),
        });
      } catch {
        // jest's own compile turns a syntax error into its readable message.
        return compileWithoutCache(source, filename);
      }
      if (cachedData === undefined || script.cachedDataRejected) {
        const entry = { source, data: undefined };
        codeCache.set(filename, entry);
        this.compiledWithoutCache.push({ entry, script });
      }
      return script.runInContext(vmContext);
    };
  }

  teardown() {
    for (const { entry, script } of this.compiledWithoutCache) entry.data = script.createCachedData();
    this.compiledWithoutCache = [];
    return super.teardown();
  }
}

module.exports = CodeCachingRuntime;
