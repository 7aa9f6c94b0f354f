import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { isObject } from './attributes';
import { readOutputDir, readStackJson, STACK_FILE } from './output-dir';
import { COMMENT_KEY } from './stack';

/** One stack's Terraform JSON, named by its `//.metadata.stackName` (else its folder or manifest name). */
export interface LoadedStack {
  readonly name: string;
  /** The stack file, relative to the directory as it was given (reports name files the way the user typed them). */
  readonly file: string;
  readonly json: Record<string, unknown>;
}

interface StackFile {
  readonly name: string;
  readonly stackFile: string;
}

/**
 * The stacks under `dir`, in file order: `dir/cdk.tf.json` (one stack folder), else the cdktf output
 * directory `dir` as readOutputDir reads it.
 */
function findStacks(dir: string): StackFile[] {
  if (!existsSync(dir))
    throw new Error(`${dir} does not exist; run npm run synth first, or pass the cdktf output directory.`);
  const single = join(dir, STACK_FILE);
  if (existsSync(single)) return [{ name: basename(resolve(dir)), stackFile: single }];
  if (!existsSync(join(dir, 'manifest.json')) && !existsSync(join(dir, 'stacks'))) {
    throw new Error(`No synthesized stacks in ${dir}: expected ${join(dir, 'stacks', '<name>', STACK_FILE)}.`);
  }
  // readOutputDir resolves paths; reports keep naming files relative to the directory as it was given.
  return readOutputDir(dir)
    .map((stack) => ({ name: stack.name, stackFile: join(dir, relative(resolve(dir), stack.stackFile)) }))
    .sort((a, b) => (a.stackFile < b.stackFile ? -1 : 1));
}

function stackName(json: Record<string, unknown>, fallback: string): string {
  const comment = json[COMMENT_KEY];
  const name = isObject(comment) && isObject(comment.metadata) ? comment.metadata.stackName : undefined;
  return typeof name === 'string' ? name : fallback;
}

/** Every stack in a cdktf output directory, or the one stack in a stack folder, read and named. */
export function loadStackJsons(dir: string): LoadedStack[] {
  return findStacks(dir).map((stack) => {
    const json = readStackJson(stack);
    return { name: stackName(json, stack.name), file: stack.stackFile, json };
  });
}
