import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { refuseArchiving } from '../unused-archiver';

const ROOT = join(__dirname, '..', '..');
const CACHE_FILE = `${process.version}-${process.arch}.bin`;

// One child process for every scenario (see startup-scenarios.ts): a process start costs more than all of them.
let results: Record<string, unknown>;
beforeAll(() => {
  const output = execFileSync(
    process.execPath,
    [
      '--require',
      'tsx/cjs',
      'lib/__tests__/startup-scenarios.ts',
      'archiver',
      'reuse',
      'changed',
      'damaged',
      'disabled',
    ],
    // This process imports before-cdktf-loads from its entry, as main.ts does: without the switch it would turn on
    // the app's own compile cache in node_modules/.cache. The scenarios pass their own environments.
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } },
  );
  results = JSON.parse(output);
});

describe('the archiver stand-in (lib/unused-archiver.ts)', () => {
  it('refuses to archive, naming itself', () => {
    expect(() => refuseArchiving('zip')).toThrow(/archiver\("zip"\) is not loaded .*lib\/unused-archiver\.ts/);
  });

  it('imported before cdktf (lib/before-cdktf-loads.ts), keeps archiver from loading, and cdktf gets the stand-in', () => {
    expect(results.archiver).toEqual({
      app: 'function',
      archiverModules: 0,
      message: expect.stringContaining('lib/unused-archiver.ts'),
    });
  });
});

describe('the compile cache (lib/compile-cache.ts)', () => {
  const ran = (output: string, compiled: number, fromCache: number) => ({ output, kind: 'own', compiled, fromCache });

  it('compiles dependencies on the first run, reuses the stored code on the next, and the modules work the same', () => {
    expect(results.reuse).toEqual([
      ran('helped one true via own', 2, 0),
      [CACHE_FILE],
      ran('helped one true via own', 0, 2),
    ]);
  });

  it('never runs stored code for a changed source', () => {
    expect(results.changed).toEqual([
      ran('helped one true via own', 2, 0),
      ran('helped two true via own', 1, 1),
      ran('helped two true via own', 0, 2),
    ]);
  });

  it('treats a damaged cache file as none, and rewrites it', () => {
    expect(results.damaged).toEqual([
      ran('helped one true via own', 2, 0),
      ran('helped one true via own', 2, 0),
      ran('helped one true via own', 0, 2),
    ]);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE=1: nothing compiled through it, nothing stored', () => {
    expect(results.disabled).toEqual([
      { output: 'helped one true via own', kind: 'off', compiled: 0, fromCache: 0 },
      [],
    ]);
  });
});
