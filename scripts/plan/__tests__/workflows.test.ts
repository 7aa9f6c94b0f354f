/**
 * Lints the GitHub Actions workflows and the project's composite actions: they parse, every `npm run X`
 * exists, every action is pinned, Terraform is set up so plan JSON stays clean, and the jobs that plan and
 * comment have the permissions they need.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const WORKFLOWS_DIR = join(REPO_ROOT, '.github', 'workflows');
const ACTIONS_DIR = join(REPO_ROOT, '.github', 'actions');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

interface Job {
  if?: string;
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
      [...(step.run ?? '').matchAll(/npm run ([\w:.-]+)/g)].map((match) => match[1]),
    );
    expect(used).toEqual(expect.arrayContaining(['synth', 'plan', 'plan:apply']));
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
    expect(awsJobs.map(({ name }) => name).sort()).toEqual(['apply', 'plan']);
    for (const { job } of awsJobs) {
      expect(job.permissions?.['id-token']).toBe('write');
      const configure = job.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(configure?.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.\w+ \}\}$/);
    }
  });

  it('apply only on main, after planning, in one job', () => {
    const applying = [...workflows.values()].flatMap((workflow) =>
      Object.entries(workflow.jobs).filter(([, job]) =>
        job.steps.some((step) => /npm run plan:apply/.test(step.run ?? '')),
      ),
    );
    expect(applying.map(([name]) => name)).toEqual(['apply']);
    const [[, job]] = applying;
    expect(job.if).toContain("github.ref == 'refs/heads/main'");
    const runs = job.steps.map((step) => step.run ?? '');
    const planAt = runs.findIndex((run) => /npm run plan\b(?!:)/.test(run));
    const applyAt = runs.findIndex((run) => run.includes('npm run plan:apply'));
    expect(planAt).toBeGreaterThanOrEqual(0);
    expect(planAt).toBeLessThan(applyAt);
  });
});
