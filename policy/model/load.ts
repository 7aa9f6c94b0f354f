import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { listStacks, readStackJson } from '../../scripts/terraform';
import { isObject } from './attributes';
import { StackModel } from './stack';

const STACK_FILE = 'cdk.tf.json';

interface StackFile {
  readonly name: string;
  readonly stackFile: string;
}

/**
 * The stacks under `dir`, in name order: `dir/cdk.tf.json` (one stack folder, named by its `//` metadata or
 * the folder), else the cdktf output directory `dir` as listStacks reads it.
 */
function findStacks(dir: string): StackFile[] {
  if (!existsSync(dir))
    throw new Error(`${dir} does not exist; run npm run synth first, or pass the cdktf output directory.`);
  const single = join(dir, STACK_FILE);
  if (existsSync(single)) return [{ name: basename(resolve(dir)), stackFile: single }];
  if (!existsSync(join(dir, 'manifest.json')) && !existsSync(join(dir, 'stacks'))) {
    throw new Error(`No synthesized stacks in ${dir}: expected ${join(dir, 'stacks', '<name>', STACK_FILE)}.`);
  }
  // listStacks resolves paths; reports keep naming files relative to the directory as it was given.
  return listStacks(dir)
    .map((stack) => ({ name: stack.name, stackFile: join(dir, relative(resolve(dir), stack.stackFile)) }))
    .sort((a, b) => (a.stackFile < b.stackFile ? -1 : 1));
}

function stackName(json: Record<string, unknown>, fallback: string): string {
  const comment = json['//'];
  const name = isObject(comment) && isObject(comment.metadata) ? comment.metadata.stackName : undefined;
  return typeof name === 'string' ? name : fallback;
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
  const stacks = findStacks(dir);
  const jsons = stacks.map(readStackJson);
  const context = { backendBuckets: backendBuckets(jsons) };
  return stacks.map((stack, i) => new StackModel(stackName(jsons[i], stack.name), stack.stackFile, jsons[i], context));
}
