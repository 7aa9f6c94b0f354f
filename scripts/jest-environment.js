/**
 * jest's Node environment, with one change: stack traces captured on plain objects skip source mapping.
 *
 * cdktf records where every token was created: `Error.captureStackTrace({ stack: '' })` with an unlimited
 * frame count, read at once, for each token, list and lazy value (thousands per stack). jest installs a
 * source-mapping formatter as `Error.prepareStackTrace`, which looks every one of those frames up in a source
 * map: a third of the CPU of a test file that synthesizes a stack went there. Those traces are only shown
 * when a token cannot be resolved, so they are formatted the way V8 would by default (generated positions,
 * the first ten frames: the ones that say where the token was made) instead.
 * Real errors (assertion failures, thrown exceptions) still go through jest's formatter, so a failing test
 * points at the TypeScript line as before.
 */
const { TestEnvironment } = require('jest-environment-node');

const isError = (value) => Object.prototype.toString.call(value) === '[object Error]';

/** V8's default frame count; cdktf raises the limit to capture every frame, but only the top ones matter. */
const FRAMES_SHOWN = 10;

/** What V8 prints when no formatter is installed: the header line, then one `at` line per frame. */
function v8Format(error, frames) {
  const header = isError(error) ? `${error.name ?? 'Error'}: ${error.message ?? ''}` : 'Error';
  return (
    header +
    frames
      .slice(0, FRAMES_SHOWN)
      .map((frame) => `\n    at ${frame}`)
      .join('')
  );
}

class FastStackTraceEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // Node asks the error's own realm first: this context's `Error`. jest's formatter sits on the outer
    // realm's `Error` and is looked up at call time, because jest installs it after the environment exists.
    const outerError = Error;
    this.global.Error.prepareStackTrace = (error, frames) => {
      const jestFormat = outerError.prepareStackTrace;
      if (isError(error) && typeof jestFormat === 'function') return jestFormat(error, frames);
      return v8Format(error, frames);
    };
  }
}

module.exports = FastStackTraceEnvironment;
