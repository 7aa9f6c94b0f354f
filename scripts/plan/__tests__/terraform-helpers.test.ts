import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStackJson } from '../../../lib/terraform-json/output-dir';
import {
  listStacks,
  offlineTerraformEnv,
  PROVIDER_MIRROR_DIR,
  runTerraform,
  writeMirrorCliConfig,
} from '../../terraform';
import { removeTempDirs, tempDir, writeSynthDir } from './synth-dir';

afterAll(removeTempDirs);

describe('listStacks', () => {
  it('orders stacks by the dependencies in manifest.json', () => {
    const dir = writeSynthDir({
      web: { json: {}, dependencies: ['api'] },
      api: { json: {}, dependencies: ['base'] },
      base: { json: {} },
    });
    expect(listStacks(dir).map((stack) => stack.name)).toEqual(['base', 'api', 'web']);
  });

  it('puts the state stack first, then the others by name, when nothing depends on anything', () => {
    const dir = writeSynthDir({ prod: { json: {} }, dev: { json: {} }, state: { json: {} } });
    expect(listStacks(dir).map((stack) => stack.name)).toEqual(['state', 'dev', 'prod']);
  });

  it('falls back to the stacks/ directories when there is no manifest.json', () => {
    const dir = writeSynthDir({ prod: { json: {} }, state: { json: {} } }, false);
    const stacks = listStacks(dir);
    expect(stacks.map((stack) => stack.name)).toEqual(['state', 'prod']);
    expect(stacks[1].stackFile).toBe(join(dir, 'stacks', 'prod', 'cdk.tf.json'));
    expect(stacks[1].dir).toBe(join(dir, 'stacks', 'prod'));
  });

  it('names a dependency cycle', () => {
    const dir = writeSynthDir({ a: { json: {}, dependencies: ['b'] }, b: { json: {}, dependencies: ['a'] } });
    expect(() => listStacks(dir)).toThrow('Stack dependencies form a cycle among: a, b.');
  });

  it('names an unknown dependency', () => {
    const dir = writeSynthDir({ a: { json: {}, dependencies: ['ghost'] } });
    expect(() => listStacks(dir)).toThrow('Stack "a" depends on unknown stack(s): ghost.');
  });

  it('tells to synthesize first when there are no stacks', () => {
    const dir = tempDir('empty');
    expect(() => listStacks(dir)).toThrow(`No synthesized stacks in ${dir}: run \`npm run synth\` first.`);
  });
});

describe('readStackJson', () => {
  it('names the stack whose JSON is broken', () => {
    const dir = writeSynthDir({ dev: { json: {} } });
    const [stack] = listStacks(dir);
    writeFileSync(stack.stackFile, '{ not json');
    expect(() => readStackJson(stack)).toThrow(`Stack "dev": ${stack.stackFile} is not valid JSON`);
  });
});

describe('offline terraform environment', () => {
  it('writes a CLI config that takes registry providers from the mirror only', () => {
    const config = readFileSync(writeMirrorCliConfig(tempDir('rc')), 'utf8');
    expect(config).toContain(`path    = "${PROVIDER_MIRROR_DIR}"`);
    expect(config).toMatch(/direct \{\s+exclude = \["registry\.terraform\.io\/\*\/\*"\]/);
  });

  it('refuses a mirror directory that does not exist', () => {
    expect(() => writeMirrorCliConfig(tempDir('rc'), '/nonexistent/mirror')).toThrow(
      'Terraform provider mirror /nonexistent/mirror does not exist',
    );
  });

  it('points TF_CLI_CONFIG_FILE at the generated config and disables prompts and update checks', () => {
    const scratch = tempDir('env');
    const env = offlineTerraformEnv(scratch);
    expect(env.TF_CLI_CONFIG_FILE).toBe(join(scratch, 'terraform.rc'));
    expect(env.TF_PLUGIN_CACHE_DIR).toBe(join(scratch, 'plugin-cache'));
    expect(env).toMatchObject({ TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' });
  });

  it('runs terraform and reports a failed run without throwing', () => {
    const cwd = tempDir('run');
    const env = offlineTerraformEnv(cwd);
    expect(runTerraform(['version'], cwd, env)).toMatchObject({ ok: true, exitCode: 0 });
    const failed = runTerraform(['no-such-command'], cwd, env);
    expect(failed.ok).toBe(false);
    expect(failed.exitCode).not.toBe(0);
  });
});
