import type { Body } from '../lib/terraform-json/attributes';
import { StackReader } from '../lib/terraform-json/stack';
import { findReferences, type Reference } from './references';
import { resourcesOf, type Resource } from './resources';
import type { SynthesizedStack } from './synth-output';

/** A synthesized stack with what the diagram and the document read from it, worked out once per run. */
export interface AnalyzedStack extends SynthesizedStack {
  /** The default aws provider's literal region, if it states one. */
  readonly region: string | undefined;
  readonly resources: readonly Resource[];
  readonly references: readonly Reference[];
}

export function analyzeStack(stack: SynthesizedStack): AnalyzedStack {
  const model = new StackReader(stack.name, stack.name, stack.json as Body);
  const resources = resourcesOf(model);
  return { ...stack, region: model.providerRegions().get('aws'), resources, references: findReferences(resources) };
}

/** The stack's default AWS region (its provider block without an alias). */
export function defaultRegion(stack: AnalyzedStack): string {
  if (stack.region === undefined) {
    throw new Error(`${stack.name}: no default aws provider with a literal region.`);
  }
  return stack.region;
}
