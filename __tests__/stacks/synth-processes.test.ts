import childProcess from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { ci, environments, stateBackend } from '../../config';
import { PlatformStack } from '../../stacks/platform-stack';
import { STATE_STACK_NAME } from '../../stacks/names';
import { StateStack } from '../../stacks/state-stack';
import { REQUIRED_TERRAFORM_VERSION } from '../../lib/terraform-version';

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

  it('starts no child process, and every stack asks Terraform for the version it needs', () => {
    const spawned: string[] = [];
    const spies = (['execSync', 'execFileSync', 'spawnSync', 'spawn', 'exec', 'execFile'] as const).map((name) =>
      jest.spyOn(childProcess, name).mockImplementation(((command: string) => {
        spawned.push(`${name}: ${command}`);
        throw new Error(`synth started a process: ${command}`);
      }) as never),
    );
    try {
      const app = new App({ outdir });
      new StateStack(app, STATE_STACK_NAME, { stateBackend, environments, ci });
      for (const environment of environments) new PlatformStack(app, environment.name, { environment, stateBackend });
      app.synth();
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
