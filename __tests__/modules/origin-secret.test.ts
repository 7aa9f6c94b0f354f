/**
 * Rotation of the origin secret, run through real Terraform: `terraform_data` is built into Terraform, so the
 * secret's slots apply locally with no provider and no AWS. Each step re-synthesizes the construct with a
 * rotation setting, plans against the state the previous step left, and applies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { NO_ROTATION, OriginSecret, type OriginSecretRotation } from '../../modules/shared/origin-secret';
import { runTerraform, terraformEnv } from '../../scripts/terraform';

const workDir = mkdtempSync(join(tmpdir(), 'origin-secret-'));
const env = terraformEnv();
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Writes the stack for `rotation` into the work dir: the secret and what CloudFront and the ALB get. */
function synthesize(rotation: OriginSecretRotation): void {
  const app = Testing.app() as App;
  const stack = new TerraformStack(app, 'origin-secret');
  const secret = new OriginSecret(stack, 'origin-secret', rotation);
  new TerraformOutput(stack, 'cloudfront_sends', { value: secret.value, sensitive: true });
  new TerraformOutput(stack, 'alb_accepts', { value: secret.acceptedValues, sensitive: true });
  writeFileSync(join(workDir, 'main.tf.json'), Testing.synth(stack));
}

function terraform(...args: string[]) {
  const result = runTerraform(args, workDir, env);
  if (result.exitCode !== 0 && result.exitCode !== 2) throw new Error(`terraform ${args[0]}: ${result.stderr}`);
  return result;
}

/** Plans; returns the planned actions per address ({} when nothing changes). */
function plan(): Record<string, string[]> {
  terraform('plan', '-input=false', '-no-color', '-out=plan.tfplan');
  const json = JSON.parse(terraform('show', '-json', 'plan.tfplan').stdout) as {
    resource_changes?: { address: string; change: { actions: string[] } }[];
  };
  return Object.fromEntries(
    (json.resource_changes ?? [])
      .filter((change) => !change.change.actions.includes('no-op'))
      .map((change) => [change.address, change.change.actions]),
  );
}

function applyPlan(): { sends: string; accepts: string[] } {
  terraform('apply', '-input=false', '-no-color', 'plan.tfplan');
  const outputs = JSON.parse(terraform('output', '-json').stdout) as Record<string, { value: unknown }>;
  return { sends: outputs.cloudfront_sends.value as string, accepts: outputs.alb_accepts.value as string[] };
}

describe('origin secret rotation (real Terraform, terraform_data only)', () => {
  jest.setTimeout(120_000);
  let first: { sends: string; accepts: string[] };
  let rotated: { sends: string; accepts: string[] };

  it('makes a 64-hex-digit secret that the ALB accepts and CloudFront sends', () => {
    synthesize(NO_ROTATION);
    terraform('init', '-input=false', '-no-color');
    expect(Object.keys(plan())).toHaveLength(2);
    first = applyPlan();
    expect(first.sends).toMatch(/^[0-9a-f]{64}$/);
    expect(first.accepts).toEqual([first.sends]);
  });

  it('plans no change without a rotation', () => {
    synthesize(NO_ROTATION);
    expect(plan()).toEqual({});
  });

  it('while switching, makes a new value for CloudFront and the ALB accepts the old and the new', () => {
    synthesize({ generation: 1, phase: 'switching' });
    const changes = plan();
    // Only the slot of the new generation is replaced; the value CloudFront sent so far stays.
    expect(Object.values(changes)).toEqual([['delete', 'create']]);
    rotated = applyPlan();
    expect(rotated.sends).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.sends).not.toBe(first.sends);
    expect(rotated.accepts).toEqual([rotated.sends, first.sends]);
    synthesize({ generation: 1, phase: 'switching' });
    expect(plan()).toEqual({});
  });

  it('once steady, accepts only the new value and keeps it', () => {
    synthesize({ generation: 1, phase: 'steady' });
    expect(plan()).toEqual({});
    const steady = applyPlan();
    expect(steady).toEqual({ sends: rotated.sends, accepts: [rotated.sends] });
  });

  it('rotates again into the other slot', () => {
    synthesize({ generation: 2, phase: 'switching' });
    plan();
    const again = applyPlan();
    expect(again.accepts).toEqual([again.sends, rotated.sends]);
    expect([first.sends, rotated.sends]).not.toContain(again.sends);
  });

  it('refuses to switch with no previous generation, or a bad generation', () => {
    const stack = new TerraformStack(Testing.app(), 'bad');
    expect(() => new OriginSecret(stack, 'a', { generation: 0, phase: 'switching' })).toThrow(
      'phase "switching" needs a previous generation',
    );
    expect(() => new OriginSecret(stack, 'b', { generation: -1, phase: 'steady' })).toThrow(
      'rotation generation must be a whole number ≥ 0, got -1',
    );
  });
});
