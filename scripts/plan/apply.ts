/**
 * `npm run plan:apply [-- --skip-local-backends] [--plan-dir DIR]`: applies the saved plans of the latest
 * `npm run plan`, in stack order (`state` first), in the scratch directories they were planned in, and stops
 * at the first failure because later stacks may depend on earlier ones. Terraform itself refuses a saved
 * plan whose state has moved on since it was made.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commandEntry, parseCommandLine, type CommandOutput } from '../../lib/command-line';
import { readStackJson } from '../../lib/terraform-json/output-dir';
import { providerTerraformEnv, runTerraform } from '../terraform';
import { localBackendPath, planPaths } from './plan-stack';
import { readPlanRun } from './plan-run';

interface ApplyArgs {
  planDir: string;
  /**
   * For CI: a stack with a local backend keeps its state on the machine that applies it. On an ephemeral
   * runner that state is lost, so the next run would try to create everything again; such stacks (the
   * `state` bootstrap) are applied from a workstation instead.
   */
  skipLocalBackends: boolean;
}

export const APPLY_USAGE = `Usage: npm run plan:apply -- [options]

Applies the saved plans of the latest \`npm run plan\`, in stack order, and stops at the first failure.

Options:
  --skip-local-backends  skip stacks that keep their state in a local file (CI: apply those from a workstation)
  --plan-dir DIR         where the plans are (default: .plan)`;

function parseApplyArgs(argv: string[]): ApplyArgs {
  const { values } = parseCommandLine(argv, {
    options: {
      'skip-local-backends': { type: 'boolean' },
      'plan-dir': { type: 'string', value: 'directory' },
    },
    positionals: false,
    usage: APPLY_USAGE,
  });
  return { planDir: values['plan-dir'] ?? '.plan', skipLocalBackends: values['skip-local-backends'] === true };
}

function apply(argv: string[], output: CommandOutput): number {
  const args = parseApplyArgs(argv);
  const planDir = resolve(args.planDir);
  const run = readPlanRun(planDir);
  if (run.offline)
    throw new Error('The latest plan ran with --offline (stub credentials); offline plans cannot be applied.');
  const env = providerTerraformEnv(planDir);
  for (const name of run.stacks) {
    const paths = planPaths(planDir, name);
    if (!existsSync(paths.planFile)) throw new Error(`Stack "${name}": saved plan ${paths.planFile} is missing.`);
    const stackJson = readStackJson({ name, stackFile: join(paths.workDir, 'cdk.tf.json') });
    if (args.skipLocalBackends && localBackendPath(stackJson) !== undefined) {
      output.log(`skipped ${name}: local backend, apply it from the machine that keeps its state`);
      continue;
    }
    output.log(`applying ${name}`);
    const result = runTerraform(['apply', '-input=false', '-no-color', paths.planFile], paths.workDir, env);
    output.log(result.stdout);
    if (!result.ok) {
      output.error(`apply of stack "${name}" failed; later stacks were not applied:\n${result.stderr}`);
      return 1;
    }
  }
  return 0;
}

/** Runs `npm run plan:apply ARGV`; returns the exit code (1: an apply failed; 2: bad arguments or plans). */
export const applyCli = commandEntry('plan:apply', 2, apply);

if (require.main === module) process.exitCode = applyCli(process.argv.slice(2));
