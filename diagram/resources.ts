import type { StackReader } from '../lib/terraform-json/stack';

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

/** Every resource of the stack, sorted by address so that everything derived from them is deterministic. */
export function resourcesOf(stack: StackReader): Resource[] {
  const regions = stack.providerRegions();
  return stack.blocks
    .filter((block) => block.kind === 'resource')
    .map((block) => {
      // Without a `provider` attribute a resource runs on the default aws provider (so does `terraform_data`).
      const provider = typeof block.body.provider === 'string' ? block.body.provider : 'aws';
      const region = regions.get(provider);
      if (region === undefined) {
        throw new Error(
          `${stack.name}: ${block.address} uses provider "${provider}", which the stack does not configure.`,
        );
      }
      return {
        type: block.type,
        name: block.name,
        address: block.address,
        constructPath: block.path,
        region,
        onAliasedProvider: provider !== 'aws',
        attributes: block.body,
      };
    })
    .sort((a, b) => a.address.localeCompare(b.address));
}
