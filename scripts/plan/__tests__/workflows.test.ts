/**
 * Lints the GitHub Actions workflows and the project's composite actions: they parse and pass actionlint,
 * every `npm run X` exists, every action is pinned, Terraform is set up so plan JSON stays clean, the jobs that
 * plan and comment have the permissions they need, and the release runs build → dev → smoke → prod with one
 * image tag, plan roles for pull requests and apply roles for deploys.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const WORKFLOWS_DIR = join(REPO_ROOT, '.github', 'workflows');
const ACTIONS_DIR = join(REPO_ROOT, '.github', 'actions');

interface Step {
  id?: string;
  if?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

interface Job {
  if?: string;
  concurrency?: Record<string, unknown>;
  needs?: string | string[];
  environment?: string | { name: string; url?: string };
  outputs?: Record<string, string>;
  permissions?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function parseYaml(file: string): unknown {
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length > 0)
    throw new Error(`${file}: ${document.errors.map((error) => error.message).join('; ')}`);
  return document.toJS();
}

const workflowFiles = readdirSync(WORKFLOWS_DIR)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join(WORKFLOWS_DIR, name));
const actionFiles = readdirSync(ACTIONS_DIR).map((name) => join(ACTIONS_DIR, name, 'action.yml'));
const workflows = new Map(workflowFiles.map((file) => [file, parseYaml(file) as Workflow]));
const actions = new Map(actionFiles.map((file) => [file, parseYaml(file) as { runs: { steps: Step[] } }]));

/** Every step of every workflow job and composite action, with where it is. */
const allSteps: { where: string; step: Step }[] = [
  ...[...workflows].flatMap(([file, workflow]) =>
    Object.entries(workflow.jobs).flatMap(([jobName, job]) =>
      job.steps.map((step) => ({ where: `${file} job ${jobName}`, step })),
    ),
  ),
  ...[...actions].flatMap(([file, action]) => action.runs.steps.map((step) => ({ where: file, step }))),
];

function jobsUsing(prefix: string): { name: string; job: Job; trigger: string[] }[] {
  return [...workflows.values()].flatMap((workflow) =>
    Object.entries(workflow.jobs)
      .filter(([, job]) => job.steps.some((step) => step.uses?.startsWith(prefix)))
      .map(([name, job]) => ({ name, job, trigger: Object.keys(workflow.on) })),
  );
}

describe('GitHub workflows', () => {
  it('exist and parse, with the composite actions they use', () => {
    expect(workflowFiles.length).toBeGreaterThan(0);
    const localActions = allSteps.flatMap(({ step }) => (step.uses?.startsWith('./') ? [step.uses] : []));
    for (const uses of localActions) {
      expect(actionFiles).toContain(join(REPO_ROOT, uses, 'action.yml'));
    }
  });

  it('only run npm scripts that package.json defines', () => {
    const scripts = Object.keys(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts);
    const used = allSteps.flatMap(({ step }) =>
      [...(step.run ?? '').matchAll(/npm run (?:--silent )?([\w:.-]+)/g)].map((match) => match[1]),
    );
    expect(used).toEqual(expect.arrayContaining(['synth', 'plan', 'plan:apply', 'release:facts', 'smoke']));
    expect(used.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('pin every action to a full commit sha', () => {
    const unpinned = allSteps
      .filter(({ step }) => step.uses && !step.uses.startsWith('./') && !/@[0-9a-f]{40}$/.test(step.uses))
      .map(({ where, step }) => `${where}: ${step.uses}`);
    expect(unpinned).toEqual([]);
  });

  it('set up Terraform without its wrapper, at the version installed here', () => {
    const setups = allSteps.filter(({ step }) => step.uses?.startsWith('hashicorp/setup-terraform@'));
    expect(setups.length).toBeGreaterThan(0);
    const installed = /Terraform v(\d+\.\d+\.\d+)/.exec(
      execFileSync('terraform', ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    )?.[1];
    for (const { step } of setups) {
      expect(step.with?.terraform_wrapper).toBe(false);
      expect(String(step.with?.terraform_version)).toBe(installed);
    }
  });

  it('give the pull-request job an OIDC token and the right to comment, and plan there', () => {
    const prJobs = jobsUsing('marocchino/sticky-pull-request-comment@');
    expect(prJobs.map(({ name }) => name)).toEqual(['plan']);
    const [{ job, trigger }] = prJobs;
    expect(trigger).toContain('pull_request');
    expect(job.permissions).toMatchObject({ 'id-token': 'write', 'pull-requests': 'write' });
    expect(job.steps.some((step) => /npm run plan\b(?!:)/.test(step.run ?? ''))).toBe(true);
    expect(job.steps.some((step) => step.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
  });

  it('give every job that assumes an AWS role an OIDC token and a role from a repository variable', () => {
    const awsJobs = jobsUsing('aws-actions/configure-aws-credentials@');
    expect(awsJobs.map(({ name }) => name).sort()).toEqual(['deploy-dev', 'deploy-prod', 'plan']);
    for (const { job } of awsJobs) {
      expect(job.permissions?.['id-token']).toBe('write');
      const configure = job.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(configure?.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.\w+ \}\}$/);
    }
  });

  it('pass actionlint (rhysd/actionlint 1.7.7 as WebAssembly), which finds a broken workflow', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    needs: missing\n    steps:\n      - run: echo\n';
    const findings = actionlintFindings([
      ...workflowFiles.map((file) => ({ path: file, data: readFileSync(file, 'utf8') })),
      { path: 'broken.yml', data: broken },
    ]);
    expect(findings.get('broken.yml')).toEqual([
      expect.stringContaining('job "a" needs job "missing" which does not exist'),
    ]);
    for (const file of workflowFiles) expect({ file, findings: findings.get(file) }).toEqual({ file, findings: [] });
  });

  describe('release on main', () => {
    const [workflow] = [...workflows.values()].filter((candidate) => 'build' in candidate.jobs);
    const jobs = workflow?.jobs ?? {};
    const needs = (name: string) => [jobs[name]?.needs ?? []].flat();
    const environmentOf = (job: Job) => (typeof job.environment === 'string' ? job.environment : job.environment?.name);
    const deployJobs = ['deploy-dev', 'deploy-prod'];

    it('runs build → deploy dev → smoke test dev → deploy prod behind the production environment', () => {
      expect(workflow).toBeDefined();
      expect(jobs.build.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
      expect(needs('build')).toEqual(['verify']);
      expect(needs('deploy-dev')).toEqual(['build']);
      expect(needs('smoke-dev')).toEqual(['deploy-dev']);
      expect(needs('deploy-prod').sort()).toEqual(['build', 'smoke-dev']);
      expect(environmentOf(jobs['deploy-dev'])).toBe('dev');
      expect(environmentOf(jobs['deploy-prod'])).toBe('production');
      // Nothing else deploys, and each deploy job applies its own stack only.
      const applying = Object.entries(jobs).filter(([, job]) =>
        expandedRuns(job).some((run) => run.includes('plan:apply')),
      );
      expect(applying.map(([name]) => name).sort()).toEqual(deployJobs);
      for (const name of deployJobs) {
        const deploy = deployStep(jobs[name]);
        expect(deploy.with?.stack).toBe(name.replace('deploy-', ''));
        expect(jobs[name].concurrency).toEqual({ group: name, 'cancel-in-progress': false });
      }
    });

    it('builds the image once with Buildx, for the platform the synthesized task definitions declare', () => {
      const steps = jobs.build.steps;
      const facts = steps.find((step) => step.id === 'facts');
      expect(facts?.run).toContain('npm run --silent release:facts -- --image-platform >> "$GITHUB_OUTPUT"');
      expect(steps.some((step) => step.uses?.startsWith('docker/setup-buildx-action@'))).toBe(true);
      // The runners are amd64: any other platform the task definitions declare is built under emulation.
      const qemu = steps.find((step) => step.uses?.startsWith('docker/setup-qemu-action@'));
      expect(qemu?.if).toBe("steps.facts.outputs.image-platform != 'linux/amd64'");
      const build = steps.filter((step) => step.uses?.startsWith('docker/build-push-action@'));
      expect(build).toHaveLength(1);
      expect(build[0].with).toMatchObject({
        file: 'service/Dockerfile',
        platforms: '${{ steps.facts.outputs.image-platform }}',
      });
      expect(String(build[0].with?.outputs)).toMatch(/^type=oci,dest=(.+)$/);
      const archive = /dest=(.+)$/.exec(String(build[0].with?.outputs))?.[1];
      const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
      expect(upload?.with).toMatchObject({ name: 'service-image-${{ github.sha }}', path: archive });
      // No other job builds an image.
      const builders = Object.entries(jobs).filter(([, job]) =>
        job.steps.some((step) => step.uses?.startsWith('docker/build-push-action@')),
      );
      expect(builders.map(([name]) => name)).toEqual(['build']);
    });

    it('hands the commit SHA from the build to Terraform as TF_VAR_image_tag and to the pushed tag', () => {
      expect(jobs.build.outputs?.['image-tag']).toBe('${{ github.sha }}');
      const action = actions.get(join(ACTIONS_DIR, 'deploy', 'action.yml'));
      expect(action).toBeDefined();
      const deploySteps = action?.runs.steps ?? [];
      const planStep = deploySteps.find((step) => /npm run plan -- "\$STACK"/.test(step.run ?? ''));
      expect(planStep?.env?.TF_VAR_image_tag).toBe('${{ inputs.image-tag }}');
      const push = deploySteps.find((step) => (step.run ?? '').includes('skopeo copy'));
      expect(push?.env?.IMAGE_TAG).toBe('${{ inputs.image-tag }}');
      expect(push?.run).toContain('"docker://$REPOSITORY_URL:$IMAGE_TAG"');
      const planAt = deploySteps.indexOf(planStep as Step);
      const applyAt = deploySteps.findIndex((step) => (step.run ?? '').includes('npm run plan:apply'));
      expect(deploySteps.indexOf(push as Step)).toBeLessThan(planAt);
      expect(planAt).toBeLessThan(applyAt);
      for (const name of deployJobs) {
        const job = jobs[name];
        expect(deployStep(job).with?.['image-tag']).toBe('${{ needs.build.outputs.image-tag }}');
        const download = job.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'));
        expect(download?.with?.name).toBe('service-image-${{ needs.build.outputs.image-tag }}');
        expect(job.steps.find((step) => step.id === 'facts')?.run).toBe(
          `npm run --silent release:facts -- ${deployStep(job).with?.stack} >> "$GITHUB_OUTPUT"`,
        );
      }
    });

    it('smoke-tests the URL the dev deploy reports', () => {
      expect(jobs['deploy-dev'].outputs?.['app-url']).toBe('${{ steps.facts.outputs.app-url }}');
      const smoke = jobs['smoke-dev'].steps.find((step) => /npm run smoke\b/.test(step.run ?? ''));
      expect(smoke?.env?.APP_URL).toBe('${{ needs.deploy-dev.outputs.app-url }}');
      expect(smoke?.run).toBe('npm run smoke -- "$APP_URL"');
    });

    it('plans pull requests with the plan role and no lock, and deploys with the apply role', () => {
      const roleOf = (job: Job) =>
        job.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.[
          'role-to-assume'
        ];
      expect(jobs.plan.if).toContain("github.event_name == 'pull_request'");
      expect(roleOf(jobs.plan)).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
      const prPlan = jobs.plan.steps.find((step) => /npm run plan\b(?!:)/.test(step.run ?? ''));
      expect(prPlan?.env?.TF_CLI_ARGS_plan).toBe('-lock=false');
      expect(prPlan?.env?.TF_VAR_image_tag).toBe('${{ github.event.pull_request.head.sha }}');
      for (const name of deployJobs) expect(roleOf(jobs[name])).toBe('${{ vars.AWS_APPLY_ROLE_ARN }}');
      const withRoles = Object.entries(jobs).filter(([, job]) => roleOf(job) !== undefined);
      expect(withRoles.map(([name]) => name).sort()).toEqual(['deploy-dev', 'deploy-prod', 'plan']);
      // The apply role never reaches a pull request: every deploy job descends from the main-only build.
      for (const name of deployJobs) expect(ancestors(jobs, name)).toContain('build');
    });
  });
});

/** The deploy step (the local deploy action) of a deploy job. */
function deployStep(job: Job): Step {
  const steps = job.steps.filter((step) => step.uses === './.github/actions/deploy');
  expect(steps).toHaveLength(1);
  return steps[0];
}

/** A job's shell commands, those of the local composite actions it uses included. */
function expandedRuns(job: Job): string[] {
  return job.steps.flatMap((step) => {
    if (step.uses?.startsWith('./')) {
      return (actions.get(join(REPO_ROOT, step.uses, 'action.yml'))?.runs.steps ?? []).map((inner) => inner.run ?? '');
    }
    return [step.run ?? ''];
  });
}

/** Every job `name` waits for, directly or not. */
function ancestors(jobs: Record<string, Job>, name: string): string[] {
  const direct = [jobs[name]?.needs ?? []].flat();
  return [...direct, ...direct.flatMap((parent) => ancestors(jobs, parent))];
}

/**
 * actionlint's findings (`line:column message [kind]`) for each file, all in one child process: starting the
 * WebAssembly module takes seconds, and its command line lints only the first pattern it is given.
 */
function actionlintFindings(files: Array<{ path: string; data: string }>): Map<string, string[]> {
  const runLint = join(REPO_ROOT, 'node_modules', '@tktco', 'node-actionlint', 'build', 'run-lint.js');
  // `node -e` puts the built-in modules on globalThis; Go's wasm_exec.js would take that `fs` for its own and
  // deadlock on the first file it stats, so it goes first. V8's optimizing tier would spend about 2.5 s of CPU on
  // background threads compiling the 9.5 MB module for a lint that runs in a fraction of that in the baseline tier
  // (same findings); a flag V8 does not know is ignored there, not fatal as on node's command line.
  const script = `
    delete globalThis.fs;
    require('node:v8').setFlagsFromString('--liftoff-only');
    const { runLint } = require(${JSON.stringify(runLint)});
    const files = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const findings = [];
      for (const file of files) {
        const results = (await runLint(file.data, file.path)).filter((result) => result.message);
        findings.push(results.map((result) => result.line + ':' + result.column + ' ' + result.message + ' [' + result.kind + ']'));
      }
      process.stdout.write(JSON.stringify(findings), () => process.exit(0));
    })();
  `;
  const result = spawnSync(process.execPath, ['-e', script], {
    input: JSON.stringify(files),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`actionlint exited with ${result.status}: ${result.stderr}`);
  const findings = JSON.parse(result.stdout) as string[][];
  return new Map(files.map((file, index) => [file.path, findings[index]]));
}
