import type { SynthesizedStack } from './synth-output';

/** One `resource.<type>.<name>` entry of a synthesized stack, with the facts the diagram needs about it. */
export interface Resource {
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>`, the form Terraform references use. */
  readonly address: string;
  /** The construct path cdktf records in `"//".metadata.path`, e.g. `prod/network/private-subnet-0`. */
  readonly constructPath: string;
  /** The provider's region; resources on an aliased provider (the us-east-1 one) carry that provider's region. */
  readonly region: string;
  /** True when the resource runs on a provider other than the stack's default one. */
  readonly onAliasedProvider: boolean;
  readonly attributes: Readonly<Record<string, unknown>>;
}

interface ResourceMetadata {
  readonly '//'?: { readonly metadata?: { readonly path?: string } };
  readonly provider?: string;
}

/** Every resource of the stack, sorted by address so that everything derived from them is deterministic. */
export function resourcesOf(stack: SynthesizedStack): Resource[] {
  const regions = providerRegions(stack);
  const resources: Resource[] = [];
  for (const [type, byName] of Object.entries(stack.json.resource ?? {})) {
    for (const [name, attributes] of Object.entries(byName)) {
      const meta = attributes as ResourceMetadata;
      const provider = meta.provider ?? 'aws';
      const region = regions.get(provider);
      if (region === undefined) {
        throw new Error(
          `${stack.name}: ${type}.${name} uses provider "${provider}", which the stack does not configure.`,
        );
      }
      resources.push({
        type,
        name,
        address: `${type}.${name}`,
        constructPath: meta['//']?.metadata?.path ?? `${stack.name}/${name}`,
        region,
        onAliasedProvider: provider !== 'aws',
        attributes,
      });
    }
  }
  return resources.sort((a, b) => a.address.localeCompare(b.address));
}

/** The stack's default AWS region (its provider block without an alias). */
export function defaultRegion(stack: SynthesizedStack): string {
  const region = providerRegions(stack).get('aws');
  if (region === undefined) {
    throw new Error(`${stack.name}: no default aws provider with a literal region.`);
  }
  return region;
}

function providerRegions(stack: SynthesizedStack): Map<string, string> {
  const regions = new Map<string, string>();
  for (const block of stack.json.provider?.aws ?? []) {
    if (typeof block.region === 'string') {
      regions.set(block.alias ? `aws.${block.alias}` : 'aws', block.region);
    }
  }
  return regions;
}
