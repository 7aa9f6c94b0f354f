/**
 * Plans one synthesized stack in a scratch copy of its directory (`.plan/<stack>/work`), so
 * cdktf.out stays free of .terraform/, lock and state files: init, plan -out, show -json.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { planJsonFile } from '../../cost/plan-input';
import { readStackJson, type SynthesizedStack } from '../../lib/terraform-json/output-dir';
import { runTerraform } from '../terraform';
import { backendOverride, BACKEND_OVERRIDE_FILE, writeOfflineOverrides } from './offline-overrides';
import { plannedChanges } from './plan-json';
import type { StackOutcome } from './summary';

export interface PlanPaths {
  /** `.plan/<stack>`: everything this stack's plan leaves behind. */
  stackDir: string;
  /** The scratch copy Terraform runs in; apply runs there too. */
  workDir: string;
  planFile: string;
  planJsonFile: string;
}

export function planPaths(planDir: string, stackName: string): PlanPaths {
  const stackDir = resolve(planDir, stackName);
  return {
    stackDir,
    workDir: join(stackDir, 'work'),
    planFile: join(stackDir, 'plan.tfplan'),
    // Where `npm run cost` looks for it: one definition of the layout.
    planJsonFile: resolve(planJsonFile(planDir, stackName)),
  };
}

export interface PlanStackOptions {
  planDir: string;
  /** Stub credentials and a local backend instead of the stack's own (see offline-overrides.ts). */
  offline: boolean;
  env: NodeJS.ProcessEnv;
}

/** The state file path of a stack with a local backend (Terraform's default when none is set), else undefined. */
export function localBackendPath(stackJson: Record<string, unknown>): string | undefined {
  const backend = (stackJson.terraform as { backend?: { local?: { path?: string } } } | undefined)?.backend;
  if (!backend?.local) return undefined;
  return backend.local.path ?? 'terraform.tfstate';
}

/**
 * A local backend's relative path means "next to the stack", so the scratch copy is pointed back at the
 * original file. Returns a note for the reviewer when that state does not exist (the plan starts empty).
 */
function keepLocalStateInPlace(stack: SynthesizedStack, stackJson: Record<string, unknown>, workDir: string): string[] {
  const path = localBackendPath(stackJson);
  if (path === undefined) return [];
  const stateFile = isAbsolute(path) ? path : resolve(stack.dir, path);
  writeFileSync(join(workDir, BACKEND_OVERRIDE_FILE), JSON.stringify(backendOverride(stateFile), null, 2));
  if (existsSync(stateFile)) return [];
  return [`Local backend without a state file at ${stateFile}: this plan starts from empty state.`];
}

function prepareWorkDir(stack: SynthesizedStack, paths: PlanPaths): void {
  rmSync(paths.stackDir, { recursive: true, force: true });
  mkdirSync(paths.stackDir, { recursive: true });
  cpSync(stack.dir, paths.workDir, { recursive: true, filter: (source) => basename(source) !== '.terraform' });
}

export function planStack(stack: SynthesizedStack, options: PlanStackOptions): StackOutcome {
  const paths = planPaths(options.planDir, stack.name);
  prepareWorkDir(stack, paths);
  const stackJson = readStackJson(stack);
  let notes: string[] = [];
  if (options.offline) writeOfflineOverrides(paths.workDir, stackJson, join(paths.stackDir, 'offline.tfstate'));
  else notes = keepLocalStateInPlace(stack, stackJson, paths.workDir);

  const steps: [string, string[]][] = [
    ['init', ['init', '-input=false', '-no-color']],
    ['plan', ['plan', '-input=false', '-no-color', `-out=${paths.planFile}`]],
    ['show', ['show', '-json', '-no-color', paths.planFile]],
  ];
  let planJson = '';
  for (const [step, args] of steps) {
    const result = runTerraform(args, paths.workDir, options.env);
    if (!result.ok) {
      return {
        stack: stack.name,
        status: 'failed',
        error: `terraform ${step} failed:\n${result.stderr}${result.stdout}`,
      };
    }
    planJson = result.stdout;
  }
  writeFileSync(paths.planJsonFile, planJson);
  const changes = plannedChanges(JSON.parse(planJson), paths.planJsonFile);
  return { stack: stack.name, status: 'planned', changes, notes };
}
