/** `npm test` (scripts/test.js) runs its steps side by side; it must still fail when any one of them fails. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runSteps } = require('../scripts/test.js') as {
  runSteps: (steps: Array<{ name: string; command: string; args: string[] }>) => Promise<number>;
};

const exitWith = (name: string, code: number) => ({
  name,
  command: process.execPath,
  args: ['-e', `process.exit(${code})`],
});

describe('the test command', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => stderr.mockRestore());

  it('passes when every step passes', async () => {
    expect(await runSteps([exitWith('typecheck', 0), exitWith('jest', 0)])).toBe(0);
    expect(stderr).not.toHaveBeenCalled();
  });

  it('fails when any step fails, and names each failed step', async () => {
    expect(await runSteps([exitWith('typecheck', 2), exitWith('lint', 0), exitWith('jest', 1)])).toBe(1);
    expect(stderr).toHaveBeenCalledWith('npm test: failed: typecheck, jest');
  });

  it('fails when a step cannot start', async () => {
    expect(await runSteps([{ name: 'lint', command: '/nonexistent/npm', args: [] }])).toBe(1);
    expect(stderr).toHaveBeenCalledWith('npm test: failed: lint');
  });
});
