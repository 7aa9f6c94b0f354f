/**
 * The test environment (scripts/jest-environment.js) formats stack traces captured on plain objects, as cdktf
 * does for every token, without jest's source mapping and to ten frames; real errors keep jest's formatter.
 */
function nested(depth: number, capture: () => string): string {
  return depth === 0 ? capture() : nested(depth - 1, capture);
}

describe('stack traces under jest', () => {
  it('shows ten frames of a trace captured on a plain object, however many were captured', () => {
    const stack = nested(30, () => {
      const previousLimit = Error.stackTraceLimit;
      const holder = { stack: '' };
      try {
        Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
        Error.captureStackTrace(holder);
      } finally {
        Error.stackTraceLimit = previousLimit;
      }
      return holder.stack;
    });
    const frames = stack.split('\n').slice(1);
    expect(frames).toHaveLength(10);
    expect(frames[0]).toMatch(/^ {4}at .*jest-support\.test\.ts:\d+:\d+/);
  });

  it("leaves a real error's trace to jest: every frame up to its limit, named after this file", () => {
    const stack = nested(30, () => new Error('boom').stack ?? '');
    expect(stack.startsWith('Error: boom\n')).toBe(true);
    expect(stack.split('\n').length).toBeGreaterThan(11);
    expect(stack).toContain('jest-support.test.ts');
  });
});
