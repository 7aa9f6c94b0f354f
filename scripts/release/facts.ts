/**
 * What the release pipeline needs to know about a synthesized platform stack, read from its Terraform JSON
 * so that nothing is written twice: the image platform the task definitions declare, the ECR repository an
 * image goes to, the account and Region the stack deploys to, and the public URL to smoke-test.
 */
import { readOutputDir, readStackJson, type SynthesizedStack } from '../../lib/terraform-json/output-dir';

/** ECS `runtime_platform.cpu_architecture` → the OCI platform Buildx builds for. */
export const IMAGE_PLATFORMS: Readonly<Record<string, string>> = {
  X86_64: 'linux/amd64',
  ARM64: 'linux/arm64',
};

export interface ReleaseFacts {
  /** The stack's name (`dev`, `prod`). */
  readonly stack: string;
  readonly accountId: string;
  readonly region: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: where the release image is pushed. */
  readonly repositoryUrl: string;
  readonly repositoryName: string;
  /** Terraform address of the repository, for the first deploy's targeted create. */
  readonly repositoryAddress: string;
  /** The public origin (`https://app.example.com`) the smoke test calls. */
  readonly appUrl: string;
  /** The OCI platform of the stack's task definitions (`linux/amd64`). */
  readonly imagePlatform: string;
}

type Json = Record<string, unknown>;

function entries(section: unknown): [string, Json][] {
  return Object.entries((section ?? {}) as Record<string, Json>);
}

function literal(value: unknown, what: string, stack: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.includes('${')) {
    throw new Error(
      `Stack "${stack}": ${what} must be a literal string in the synthesized JSON, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** The one OCI platform every task definition of a stack declares; a stack without any has none. */
export function stackImagePlatforms(stackJson: Json, stack: string): string[] {
  const taskDefinitions = entries((stackJson.resource as Json | undefined)?.aws_ecs_task_definition);
  return taskDefinitions.map(([name, body]) => {
    const runtime = (Array.isArray(body.runtime_platform) ? body.runtime_platform[0] : body.runtime_platform) as
      Json | undefined;
    // ECS runs X86_64 when a task definition names no architecture.
    const architecture = String(runtime?.cpu_architecture ?? 'X86_64');
    const platform = IMAGE_PLATFORMS[architecture];
    if (platform === undefined) {
      throw new Error(
        `Stack "${stack}": task definition ${name} declares cpu_architecture ${architecture}, which has no image platform here.`,
      );
    }
    return platform;
  });
}

export function releaseFacts(stackJson: Json, stack: string): ReleaseFacts {
  const providers = (stackJson.provider as Json | undefined)?.aws;
  const home = (Array.isArray(providers) ? providers : [providers]).find(
    (provider): provider is Json => typeof provider === 'object' && provider !== null && !('alias' in provider),
  );
  if (home === undefined) throw new Error(`Stack "${stack}" has no default aws provider.`);
  const accountIds = home.allowed_account_ids;
  if (!Array.isArray(accountIds) || accountIds.length !== 1) {
    throw new Error(
      `Stack "${stack}": the aws provider must allow exactly one account, got ${JSON.stringify(accountIds)}.`,
    );
  }
  const accountId = literal(accountIds[0], 'allowed_account_ids[0]', stack);
  const region = literal(home.region, 'the aws provider region', stack);
  const repositories = entries((stackJson.resource as Json | undefined)?.aws_ecr_repository);
  if (repositories.length !== 1) {
    throw new Error(`Stack "${stack}" must have exactly one aws_ecr_repository, has ${repositories.length}.`);
  }
  const [[repositoryId, repository]] = repositories;
  const repositoryName = literal(repository.name, 'the ECR repository name', stack);
  const appUrl = literal(
    ((stackJson.output as Json | undefined)?.app_url as Json | undefined)?.value,
    'output app_url',
    stack,
  );
  const platforms = [...new Set(stackImagePlatforms(stackJson, stack))];
  if (platforms.length !== 1) {
    throw new Error(
      `Stack "${stack}": expected one image platform over its task definitions, found ${platforms.join(', ') || 'none'}.`,
    );
  }
  return {
    stack,
    accountId,
    region,
    repositoryUrl: `${accountId}.dkr.ecr.${region}.amazonaws.com/${repositoryName}`,
    repositoryName,
    repositoryAddress: `aws_ecr_repository.${repositoryId}`,
    appUrl,
    imagePlatform: platforms[0],
  };
}

/**
 * The platform the one release image is built for: every platform stack runs the same image, so their task
 * definitions must agree on it.
 */
export function releaseImagePlatform(stacks: readonly { name: string; json: Json }[]): string {
  const byPlatform = new Map<string, string[]>();
  for (const { name, json } of stacks) {
    for (const platform of stackImagePlatforms(json, name)) {
      byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), name]);
    }
  }
  if (byPlatform.size !== 1) {
    const found = [...byPlatform].map(([platform, names]) => `${platform} (${[...new Set(names)].join(', ')})`);
    throw new Error(
      `Every stack must run one image platform, so that one build serves them all; found ${found.join('; ') || 'no task definition'}.`,
    );
  }
  return [...byPlatform.keys()][0];
}

/** `key=value` lines for $GITHUB_OUTPUT. */
export function toOutputLines(facts: ReleaseFacts): string {
  return [
    `account-id=${facts.accountId}`,
    `region=${facts.region}`,
    `repository-url=${facts.repositoryUrl}`,
    `repository-name=${facts.repositoryName}`,
    `repository-address=${facts.repositoryAddress}`,
    `app-url=${facts.appUrl}`,
    `image-platform=${facts.imagePlatform}`,
  ].join('\n');
}

const USAGE = `Usage: npm run release:facts -- [--out-dir DIR] (--image-platform | STACK)

  --image-platform  prints image-platform=<os/arch> that every platform stack's task definitions declare
  STACK             prints key=value lines about that stack (account, Region, ECR repository, app URL)`;

function main(argv: string[]): string {
  let outDir = 'cdktf.out';
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--out-dir') {
      outDir = argv[++index] ?? '';
      if (outDir === '') throw new Error(`--out-dir needs a directory.\n\n${USAGE}`);
    } else rest.push(argv[index]);
  }
  if (rest.length !== 1) throw new Error(USAGE);
  const stacks: SynthesizedStack[] = readOutputDir(outDir);
  const read = (stack: SynthesizedStack) => ({ name: stack.name, json: readStackJson(stack) });
  if (rest[0] === '--image-platform') {
    return `image-platform=${releaseImagePlatform(stacks.map(read).filter(({ json }) => stackImagePlatforms(json, '').length > 0))}`;
  }
  const stack = stacks.find((candidate) => candidate.name === rest[0]);
  if (stack === undefined) {
    throw new Error(`Unknown stack "${rest[0]}"; synthesized: ${stacks.map((s) => s.name).join(', ')}.`);
  }
  return toOutputLines(releaseFacts(readStackJson(stack), stack.name));
}

if (require.main === module) {
  try {
    console.log(main(process.argv.slice(2)));
  } catch (error) {
    console.error(`release:facts: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
