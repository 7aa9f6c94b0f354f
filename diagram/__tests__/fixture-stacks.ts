import * as path from 'path';
import { analyzeStack, type AnalyzedStack } from '../analyzed-stack';
import { readSynthOutput, type TerraformJson } from '../synth-output';

/**
 * Hand-made cdktf output shaped like the brief's description of the real stacks: `state`, `dev` (2 AZs, one NAT
 * gateway, gateway endpoints only, CloudFront's origin given as a reference) and `prod` (3 AZs, a NAT gateway per
 * AZ, interface endpoints, CloudFront's origin given as a literal hostname).
 */
export const FIXTURE_DIR = path.join(__dirname, 'fixtures', 'synth');

export function fixtureStacks(): AnalyzedStack[] {
  return readSynthOutput(FIXTURE_DIR).map(analyzeStack);
}

export function fixtureStack(name: string): AnalyzedStack {
  const stack = fixtureStacks().find((s) => s.name === name);
  if (!stack) throw new Error(`no fixture stack ${name}`);
  return stack;
}

type MutableJson = { resource: Record<string, Record<string, Record<string, unknown>>> } & TerraformJson;

/** A deep copy of a fixture stack, changed by `edit`, for tests of what the diagram does with other input. */
export function editedStack(name: string, edit: (json: MutableJson) => void): AnalyzedStack {
  const json = structuredClone(fixtureStack(name).json) as MutableJson;
  edit(json);
  return analyzeStack({ name, json });
}

/** The single resource of a type in a (mutable) stack JSON. */
export function onlyResource(json: MutableJson, type: string): Record<string, unknown> {
  const all = Object.values(json.resource[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}
