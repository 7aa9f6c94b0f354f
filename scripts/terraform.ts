/**
 * Terraform helpers shared by the scripts that run Terraform on synthesized stacks (validate, plan):
 * where providers come from (a filesystem mirror when there is one, else the registry, through one shared
 * plugin cache), the environment Terraform runs with, the synthesized stacks in apply order, and running
 * the terraform binary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readOutputDir, type SynthesizedStack } from '../lib/terraform-json/output-dir';
import { STATE_STACK_NAME } from '../stacks/names';

/** This machine's provider mirror. CI runners may fill their own (`terraform providers mirror`) and name it in TF_PROVIDER_MIRROR. */
export const DEFAULT_PROVIDER_MIRROR = '/opt/tf-plugins';

/** Where `terraform init` takes providers from: a filesystem mirror (never the network), or the public registry. */
export type ProviderSource = { kind: 'mirror'; dir: string } | { kind: 'registry' };

/**
 * The mirror named by TF_PROVIDER_MIRROR (which must exist: a wrong name is a mistake, not a reason to go
 * online), else /opt/tf-plugins when this machine has it, else the registry: a laptop or runner with Terraform
 * and internet but no mirror installs hashicorp/aws (the version the stacks pin) once, into the shared cache.
 */
export function chooseProviderSource(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): ProviderSource {
  const named = env.TF_PROVIDER_MIRROR;
  if (named) {
    if (!exists(named)) {
      throw new Error(`TF_PROVIDER_MIRROR names ${named}, which does not exist: fill it or unset TF_PROVIDER_MIRROR.`);
    }
    return { kind: 'mirror', dir: resolve(named) };
  }
  return exists(DEFAULT_PROVIDER_MIRROR) ? { kind: 'mirror', dir: DEFAULT_PROVIDER_MIRROR } : { kind: 'registry' };
}

/**
 * The provider cache every run shares (validate, plan, the tests), so a provider is installed once per machine
 * and then linked: TF_PLUGIN_CACHE_DIR when set, else ~/.terraform.d/plugin-cache, the place Terraform's
 * documentation suggests.
 */
export function sharedPluginCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TF_PLUGIN_CACHE_DIR || join(homedir(), '.terraform.d', 'plugin-cache');
}

/**
 * Writes a Terraform CLI config into `scratchDir` that installs every registry.terraform.io provider from
 * `mirrorDir` and never from the network, and returns its path (for TF_CLI_CONFIG_FILE).
 */
export function writeMirrorCliConfig(scratchDir: string, mirrorDir: string): string {
  if (!existsSync(mirrorDir)) {
    throw new Error(`Terraform provider mirror ${mirrorDir} does not exist: offline runs install providers from it.`);
  }
  mkdirSync(scratchDir, { recursive: true });
  const configFile = join(scratchDir, 'terraform.rc');
  const config = [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(resolve(mirrorDir))}`,
    '    include = ["registry.terraform.io/*/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
  writeFileSync(configFile, config);
  return configFile;
}

export interface TerraformEnvOptions {
  /** A CLI config file (e.g. from writeMirrorCliConfig); without it the caller's own config stays in force. */
  cliConfigFile?: string;
  /** Shared provider cache, so several stacks and runs do not each install the provider again. */
  pluginCacheDir?: string;
}

/** Go's garbage-collection target for Terraform and its providers, unless the caller's environment sets GOGC. */
export const TERRAFORM_GOGC = '400';

/** The environment Terraform runs with: non-interactive, no update checks, the given config and cache. */
export function terraformEnv(options: TerraformEnvOptions = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    // Terraform and its providers are Go programs. Every start of hashicorp/aws builds its whole schema, and at
    // Go's default GOGC=100 a quarter of that CPU went to garbage collection: 400 saves it for about 45 MB more
    // peak memory per provider process (about 360 MB). A GOGC the caller sets wins.
    GOGC: TERRAFORM_GOGC,
    ...process.env,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
  if (options.cliConfigFile) env.TF_CLI_CONFIG_FILE = options.cliConfigFile;
  if (options.pluginCacheDir) {
    mkdirSync(options.pluginCacheDir, { recursive: true });
    env.TF_PLUGIN_CACHE_DIR = options.pluginCacheDir;
    // Terraform runs in scratch copies that start without a lock file; since Terraform 1.4 it would then skip
    // the cache and install the provider again on every init. The scratch lock files are thrown away, so
    // there is no committed lock file the cache could break.
    env.TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE = 'true';
  }
  return env;
}

/**
 * The environment for the project's own Terraform runs: providers from `source` (the mirror, or the
 * registry under the caller's own CLI config), through the shared plugin cache; generated config in `scratchDir`.
 */
export function providerTerraformEnv(
  scratchDir: string,
  source: ProviderSource = chooseProviderSource(),
): NodeJS.ProcessEnv {
  const pluginCacheDir = sharedPluginCacheDir();
  return source.kind === 'mirror'
    ? terraformEnv({ cliConfigFile: writeMirrorCliConfig(scratchDir, source.dir), pluginCacheDir })
    : terraformEnv({ pluginCacheDir });
}

/**
 * The stacks synthesized into `outDir` (cdktf.out), in apply order: dependencies first (from manifest.json),
 * the `state` stack before any other, otherwise by name.
 */
export function listStacks(outDir: string): SynthesizedStack[] {
  return inApplyOrder(readOutputDir(outDir));
}

/** Topological order; among stacks that are ready together, `state` first, then by name. */
function inApplyOrder(stacks: SynthesizedStack[]): SynthesizedStack[] {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  for (const stack of stacks) {
    const unknown = stack.dependencies.filter((name) => !byName.has(name));
    if (unknown.length > 0) {
      throw new Error(`Stack "${stack.name}" depends on unknown stack(s): ${unknown.join(', ')}.`);
    }
  }
  // The state stack goes first: it creates the bucket the others keep their state in.
  const rank = (stack: SynthesizedStack): string => (stack.name === STATE_STACK_NAME ? '' : stack.name);
  const ordered: SynthesizedStack[] = [];
  const placed = new Set<string>();
  while (ordered.length < stacks.length) {
    const ready = stacks
      .filter((stack) => !placed.has(stack.name) && stack.dependencies.every((name) => placed.has(name)))
      .sort((a, b) => rank(a).localeCompare(rank(b)));
    if (ready.length === 0) {
      const stuck = stacks.filter((stack) => !placed.has(stack.name)).map((stack) => stack.name);
      throw new Error(`Stack dependencies form a cycle among: ${stuck.join(', ')}.`);
    }
    ordered.push(ready[0]);
    placed.add(ready[0].name);
  }
  return ordered;
}

export interface TerraformResult {
  ok: boolean;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Large enough for `terraform show -json` of a big plan (Node's default is 1 MiB). */
const MAX_OUTPUT_BYTES = 1024 * 1024 * 1024;

/** Runs `terraform ARGS` in `cwd` with `env` and waits for it; a missing binary is an error, a failed run is `ok: false`. */
export function runTerraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): TerraformResult {
  const result = spawnSync('terraform', args, { cwd, env, encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES });
  if (result.error) {
    throw new Error(
      `Could not run terraform ${args.join(' ')} in ${cwd} (is terraform on PATH?): ${result.error.message}`,
    );
  }
  return { ok: result.status === 0, exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}
