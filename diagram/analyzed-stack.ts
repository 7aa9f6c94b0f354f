import type { Body } from '../policy/model/attributes';
import { StackModel } from '../policy/model/stack';
import { findReferences, type Reference } from './references';
import { providerRegions, resourcesOf, type Resource } from './resources';
import type { SynthesizedStack } from './synth-output';

/** A synthesized stack with what the diagram and the document read from it, worked out once per run. */
export interface AnalyzedStack extends SynthesizedStack {
  /** The default aws provider's literal region, if it states one. */
  readonly region: string | undefined;
  readonly resources: readonly Resource[];
  readonly references: readonly Reference[];
}

export function analyzeStack(stack: SynthesizedStack): AnalyzedStack {
  const model = new StackModel(stack.name, stack.name, stack.json as Body);
  const resources = resourcesOf(model);
  return { ...stack, region: providerRegions(model).get('aws'), resources, references: findReferences(resources) };
}

/** The stack's default AWS region (its provider block without an alias). */
export function defaultRegion(stack: AnalyzedStack): string {
  if (stack.region === undefined) {
    throw new Error(`${stack.name}: no default aws provider with a literal region.`);
  }
  return stack.region;
}
