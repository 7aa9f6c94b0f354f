/**
 * The platform stack's image_tag variable as Terraform sees it: the synthesized variable block alone, planned by
 * real Terraform (no providers needed), without a value, with a bad one, with a good one; and the placeholder the
 * offline plan passes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OFFLINE_VARIABLE_VALUES, variablesOverride } from '../../scripts/plan/offline-overrides';
import { runTerraform, terraformEnv } from '../../scripts/terraform';
import { IMAGE_TAG_VARIABLE } from '../../stacks/names';
import { dev, synthPlatform } from '../helpers';

const { json } = synthPlatform(dev);
const workDir = mkdtempSync(join(tmpdir(), 'image-tag-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function plan(env: NodeJS.ProcessEnv = {}) {
  const result = runTerraform(['plan', '-input=false', '-no-color'], workDir, { ...terraformEnv(), ...env });
  return { ok: result.ok, output: `${result.stdout}${result.stderr}`.replace(/\s+/g, ' ') };
}

describe('image_tag', () => {
  jest.setTimeout(60_000);
  beforeAll(() => {
    writeFileSync(join(workDir, 'main.tf.json'), JSON.stringify({ variable: json.variable }));
    const init = runTerraform(['init', '-input=false', '-no-color'], workDir, terraformEnv());
    if (!init.ok) throw new Error(init.stderr);
  });

  it('has no default: a plan without it stops and says how to pass it', () => {
    expect(json.variable?.[IMAGE_TAG_VARIABLE]).not.toHaveProperty('default');
    const { ok, output } = plan();
    expect(ok).toBe(false);
    expect(output).toContain('No value for required variable');
    expect(output).toContain('Pass it as TF_VAR_image_tag=<tag> or -var image_tag=<tag>');
  });

  it('refuses a value that is not an image tag, saying what a tag is', () => {
    const { ok, output } = plan({ TF_VAR_image_tag: 'not a tag!' });
    expect(ok).toBe(false);
    expect(output).toContain('image_tag must be an image tag');
  });

  it('takes a commit SHA, and the offline plan placeholder', () => {
    expect(plan({ TF_VAR_image_tag: '4bf5c64d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7' }).ok).toBe(true);
    expect(plan({ TF_VAR_image_tag: OFFLINE_VARIABLE_VALUES[IMAGE_TAG_VARIABLE] }).ok).toBe(true);
  });

  it('gets the placeholder as an override default only in offline plans of stacks that declare it', () => {
    expect(variablesOverride(json)).toEqual({
      variable: { [IMAGE_TAG_VARIABLE]: { default: OFFLINE_VARIABLE_VALUES[IMAGE_TAG_VARIABLE] } },
    });
    expect(variablesOverride({ resource: {} })).toBeUndefined();
    expect(variablesOverride({ variable: { [IMAGE_TAG_VARIABLE]: { type: 'string', default: 'x' } } })).toBeUndefined();
  });
});
