/**
 * The stacks cdktf synthesized into an output directory (cdktf.out): manifest.json when present, else
 * `stacks/<name>/`, and each stack's Terraform JSON.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface SynthesizedStack {
  name: string;
  /** Absolute path of the stack's directory (holds cdk.tf.json and any assets). */
  dir: string;
  /** Absolute path of the stack's Terraform JSON. */
  stackFile: string;
  /** Names of the stacks this one must be applied after. */
  dependencies: string[];
}

export const STACK_FILE = 'cdk.tf.json';

interface ManifestStack {
  name: string;
  constructPath?: string;
  workingDirectory?: string;
  synthesizedStackPath?: string;
  dependencies?: string[];
}

/** The stacks synthesized into `outDir`, in name order; none, or a stack without its JSON file, is an error. */
export function readOutputDir(outDir: string): SynthesizedStack[] {
  const root = resolve(outDir);
  const manifestFile = join(root, 'manifest.json');
  const stacks = existsSync(manifestFile) ? stacksFromManifest(root, manifestFile) : stacksFromDirectories(root);
  if (stacks.length === 0) {
    throw new Error(`No synthesized stacks in ${root}: run \`npm run synth\` first.`);
  }
  for (const stack of stacks) {
    if (!existsSync(stack.stackFile)) {
      throw new Error(`Stack "${stack.name}" has no Terraform JSON at ${stack.stackFile}: synthesize again.`);
    }
  }
  return stacks.sort((a, b) => a.name.localeCompare(b.name));
}

function stacksFromManifest(root: string, manifestFile: string): SynthesizedStack[] {
  let manifest: { stacks?: Record<string, ManifestStack> };
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (error) {
    throw new Error(`${manifestFile} is not valid JSON: ${(error as Error).message}`);
  }
  const entries = Object.values(manifest.stacks ?? {});
  const nameByConstructPath = new Map(entries.map((entry) => [entry.constructPath ?? entry.name, entry.name]));
  return entries.map((entry) => ({
    name: entry.name,
    dir: join(root, entry.workingDirectory ?? join('stacks', entry.name)),
    stackFile: join(root, entry.synthesizedStackPath ?? join('stacks', entry.name, STACK_FILE)),
    dependencies: (entry.dependencies ?? []).map((path) => nameByConstructPath.get(path) ?? path),
  }));
}

function stacksFromDirectories(root: string): SynthesizedStack[] {
  const stacksDir = join(root, 'stacks');
  if (!existsSync(stacksDir)) return [];
  return readdirSync(stacksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      name: entry.name,
      dir: join(stacksDir, entry.name),
      stackFile: join(stacksDir, entry.name, STACK_FILE),
      dependencies: [],
    }));
}

/** A synthesized stack's Terraform JSON; a file that is not a JSON object is an error naming the stack. */
export function readStackJson(stack: Pick<SynthesizedStack, 'name' | 'stackFile'>): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(stack.stackFile, 'utf8'));
  } catch (error) {
    throw new Error(`Stack "${stack.name}": ${stack.stackFile} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`Stack "${stack.name}": ${stack.stackFile} must hold a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}
