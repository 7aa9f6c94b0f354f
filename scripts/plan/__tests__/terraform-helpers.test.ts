import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readStackJson } from '../../../lib/terraform-json/output-dir';
import {
  chooseProviderSource,
  DEFAULT_PROVIDER_MIRROR,
  listStacks,
  providerTerraformEnv,
  runTerraform,
  sharedPluginCacheDir,
  TERRAFORM_GOGC,
  terraformEnv,
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

describe('where Terraform takes providers from', () => {
  const present =
    (...dirs: string[]) =>
    (path: string) =>
      dirs.includes(path);

  it('takes the mirror TF_PROVIDER_MIRROR names', () => {
    expect(chooseProviderSource({ TF_PROVIDER_MIRROR: '/ci/mirror' }, present('/ci/mirror'))).toEqual({
      kind: 'mirror',
      dir: '/ci/mirror',
    });
  });

  it('refuses a TF_PROVIDER_MIRROR that does not exist rather than going online', () => {
    expect(() => chooseProviderSource({ TF_PROVIDER_MIRROR: '/ci/missing' }, present(DEFAULT_PROVIDER_MIRROR))).toThrow(
      'TF_PROVIDER_MIRROR names /ci/missing, which does not exist',
    );
  });

  it("takes this machine's mirror when it exists", () => {
    expect(chooseProviderSource({}, present(DEFAULT_PROVIDER_MIRROR))).toEqual({
      kind: 'mirror',
      dir: DEFAULT_PROVIDER_MIRROR,
    });
  });

  it('takes the registry on a machine without a mirror', () => {
    expect(chooseProviderSource({}, present())).toEqual({ kind: 'registry' });
  });

  it('shares one plugin cache: TF_PLUGIN_CACHE_DIR, else the one under ~/.terraform.d', () => {
    expect(sharedPluginCacheDir({ TF_PLUGIN_CACHE_DIR: '/cache/tf' })).toBe('/cache/tf');
    expect(sharedPluginCacheDir({})).toBe(join(homedir(), '.terraform.d', 'plugin-cache'));
  });
});

describe('terraform environment', () => {
  it('mirror: a CLI config that takes registry providers from the mirror only, and the shared cache', () => {
    const scratch = tempDir('env');
    const mirror = tempDir('mirror');
    const env = providerTerraformEnv(scratch, { kind: 'mirror', dir: mirror });
    expect(env.TF_CLI_CONFIG_FILE).toBe(join(scratch, 'terraform.rc'));
    const config = readFileSync(env.TF_CLI_CONFIG_FILE!, 'utf8');
    expect(config).toContain(`path    = "${mirror}"`);
    expect(config).toMatch(/direct \{\s+exclude = \["registry\.terraform\.io\/\*\/\*"\]/);
    expect(env.TF_PLUGIN_CACHE_DIR).toBe(sharedPluginCacheDir());
    expect(env).toMatchObject({ TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' });
  });

  it("registry: no generated CLI config (the user's own stays in force), installs into the shared cache", () => {
    const scratch = tempDir('env');
    const env = providerTerraformEnv(scratch, { kind: 'registry' });
    expect(env.TF_CLI_CONFIG_FILE).toBe(process.env.TF_CLI_CONFIG_FILE);
    expect(existsSync(join(scratch, 'terraform.rc'))).toBe(false);
    expect(env.TF_PLUGIN_CACHE_DIR).toBe(sharedPluginCacheDir());
    // Scratch copies start without a lock file; without this Terraform would download on every init.
    expect(env.TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE).toBe('true');
  });

  it("gives Go's collector more room (GOGC) unless the caller chose a GOGC", () => {
    const previous = process.env.GOGC;
    try {
      delete process.env.GOGC;
      expect(terraformEnv().GOGC).toBe(TERRAFORM_GOGC);
      process.env.GOGC = '150';
      expect(terraformEnv().GOGC).toBe('150');
    } finally {
      if (previous === undefined) delete process.env.GOGC;
      else process.env.GOGC = previous;
    }
  });

  it('refuses a mirror directory that does not exist', () => {
    expect(() => writeMirrorCliConfig(tempDir('rc'), '/nonexistent/mirror')).toThrow(
      'Terraform provider mirror /nonexistent/mirror does not exist',
    );
  });

  it('runs terraform and reports a failed run without throwing', () => {
    const cwd = tempDir('run');
    const env = providerTerraformEnv(cwd);
    expect(runTerraform(['version'], cwd, env)).toMatchObject({ ok: true, exitCode: 0 });
    const failed = runTerraform(['no-such-command'], cwd, env);
    expect(failed.ok).toBe(false);
    expect(failed.exitCode).not.toBe(0);
  });
});
