/** Test helper: writes a cdktf-like output directory (manifest.json + stacks/NAME/cdk.tf.json) into a temp dir. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURES_DIR = join(__dirname, 'fixtures');

const createdDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `plan-test-${prefix}-`));
  createdDirs.push(dir);
  return dir;
}

/** For afterAll: removes every directory tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of createdDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface FixtureStack {
  json: object;
  dependencies?: string[];
}

/** Writes the stacks; with `withManifest` false only stacks/* exists, as when manifest.json is missing. */
export function writeSynthDir(stacks: Record<string, FixtureStack>, withManifest = true): string {
  const dir = tempDir('synth');
  for (const [name, stack] of Object.entries(stacks)) {
    mkdirSync(join(dir, 'stacks', name), { recursive: true });
    writeFileSync(join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack.json, null, 2));
  }
  if (withManifest) {
    const manifestStacks = Object.fromEntries(
      Object.entries(stacks).map(([name, stack]) => [
        name,
        {
          name,
          constructPath: name,
          dependencies: stack.dependencies ?? [],
          synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
          workingDirectory: `stacks/${name}`,
        },
      ]),
    );
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ stacks: manifestStacks, version: '0.21.0' }));
  }
  return dir;
}
