type CaptureStackTrace = typeof import('cdktf/lib/tokens/private/stack-trace').captureStackTrace;

// The module's own exports object, which cdktf's modules read at each call: `import * as` would hand some loaders
// (tsx) a read-only copy of it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktfStackTrace: { captureStackTrace: CaptureStackTrace } = require('cdktf/lib/tokens/private/stack-trace');

/** Set to `1` to have cdktf record, for every token, the full stack where it was made. */
export const CREATION_STACKS_ENV = 'CDKTF_CREATION_STACKS';

/** What a token's creation stack holds when none was recorded: the way to get one. */
export const CREATION_STACK_NOT_RECORDED = `(creation stack not recorded: run with ${CREATION_STACKS_ENV}=1 to record it)`;

const recordFullStack: CaptureStackTrace = cdktfStackTrace.captureStackTrace;
const skipStack: CaptureStackTrace = () => [CREATION_STACK_NOT_RECORDED];

/**
 * cdktf captures a stack trace of unlimited depth, formatted at once, for every token, list and lazy value it makes
 * (thousands per stack), to print in the one error it raises when a token cannot be resolved. That was a tenth of
 * the CPU of a synth. As AWS CDK does unless CDK_DEBUG is set, they are recorded only on request: the error still
 * names the token and the value; the variable brings back where it was made.
 *
 * cdktf's modules call `captureStackTrace` through their module's exports object at each use, so replacing that
 * property reaches every caller, loaded before or after this runs. Call it once, before the stacks are built.
 */
export function configureTokenCreationStacks(env: NodeJS.ProcessEnv = process.env): void {
  const record = env[CREATION_STACKS_ENV] === '1';
  cdktfStackTrace.captureStackTrace = record ? recordFullStack : skipStack;
}
