import childProcess from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments } from '../../config';
import { STATE_STACK_NAME } from '../../stacks/names';
import { REQUIRED_TERRAFORM_VERSION } from '../../lib/terraform-version';
import { synthesizeApp } from '../synthesize-app';

/**
 * cdktf's `DataResource` and `moveFromId` each make synth run `terraform version` in a child process (per resource,
 * per stack): that was a third of every synth. The stacks write the same blocks without them and leave the version
 * check to Terraform, through `required_version`.
 */
describe('synthesizing the whole app', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'synth-processes-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('starts no child process, and every stack asks Terraform for the version it needs', async () => {
    const spawned: string[] = [];
    const spies = (['execSync', 'execFileSync', 'spawnSync', 'spawn', 'exec', 'execFile'] as const).map((name) =>
      jest.spyOn(childProcess, name).mockImplementation(((command: string) => {
        spawned.push(`${name}: ${command}`);
        throw new Error(`synth started a process: ${command}`);
      }) as never),
    );
    try {
      // The app's own entry point, as `npm run synth` runs it.
      await synthesizeApp(outdir);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(spawned).toEqual([]);
    for (const name of [STATE_STACK_NAME, ...environments.map((environment) => environment.name)]) {
      const json = JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
      expect({ name, requiredVersion: json.terraform.required_version }).toEqual({
        name,
        requiredVersion: REQUIRED_TERRAFORM_VERSION,
      });
    }
  });
});
