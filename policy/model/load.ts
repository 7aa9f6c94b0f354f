import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isObject } from './attributes';
import { StackModel } from './stack';

const STACK_FILE = 'cdk.tf.json';

/**
 * The stack files under `dir`: `dir/stacks/<name>/cdk.tf.json` (a cdktf output directory),
 * `dir/<name>/cdk.tf.json` (its stacks folder) or `dir/cdk.tf.json` (one stack).
 */
export function findStackFiles(dir: string): string[] {
  if (!existsSync(dir))
    throw new Error(`${dir} does not exist; run npm run synth first, or pass the cdktf output directory.`);
  if (existsSync(join(dir, STACK_FILE))) return [join(dir, STACK_FILE)];
  const stacksDir = existsSync(join(dir, 'stacks')) ? join(dir, 'stacks') : dir;
  const files = readdirSync(stacksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(stacksDir, entry.name, STACK_FILE))
    .filter((file) => existsSync(file))
    .sort();
  if (files.length === 0) {
    throw new Error(`No synthesized stacks in ${dir}: expected ${join(dir, 'stacks', '<name>', STACK_FILE)}.`);
  }
  return files;
}

function readJson(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new Error(`${file} must hold a JSON object (a Terraform JSON configuration).`);
  return parsed;
}

function stackName(json: Record<string, unknown>, file: string): string {
  const comment = json['//'];
  const name = isObject(comment) && isObject(comment.metadata) ? comment.metadata.stackName : undefined;
  return typeof name === 'string' ? name : basename(join(file, '..'));
}

/** S3 backend buckets named by any stack: they identify the state bucket where it is declared. */
function backendBuckets(jsons: Record<string, unknown>[]): Set<string> {
  return new Set(
    jsons.flatMap((json) => {
      const terraform = isObject(json.terraform) ? json.terraform : {};
      const backend = isObject(terraform.backend) ? terraform.backend : {};
      const s3 = backend.s3;
      return isObject(s3) && typeof s3.bucket === 'string' ? [s3.bucket] : [];
    }),
  );
}

export function loadStacks(dir: string): StackModel[] {
  const files = findStackFiles(dir);
  const jsons = files.map(readJson);
  const context = { backendBuckets: backendBuckets(jsons) };
  return files.map((file, i) => new StackModel(stackName(jsons[i], file), file, jsons[i], context));
}
