import { type Body, blocks, isObject } from './attributes';
import { COMMENT_KEY } from '../policy-markers';
import { mentions, soleReference } from './references';

// Terraform ignores every `//` key; cdktf keeps construct metadata there and the project its policy notes.
export { COMMENT_KEY };

/** One `resource` or `data` block of a synthesized stack. */
export interface TerraformBlock {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** The Terraform address: `aws_vpc.main`, or `data.aws_iam_policy_document.trust` for a data source. */
  readonly address: string;
  /** The construct path cdktf records in `//.metadata.path`, else `<stack>/<address>`. */
  readonly path: string;
  /** The block's attributes without its `//` comment. */
  readonly body: Body;
  /** The block's `//` comment (cdktf metadata and tools' notes), if it has one. */
  readonly comment: Body | undefined;
}

/** Reads a stack file's top-level section (`resource`, `data`, `provider`): absent is empty, anything but an object is an error. */
export function section(json: Body, key: string, file: string): Body {
  const value = json[key] ?? {};
  if (!isObject(value)) throw new Error(`${file}: "${key}" must be an object, found ${JSON.stringify(value)}.`);
  return value;
}

function readBlocks(
  kind: TerraformBlock['kind'],
  sectionBody: Body,
  stackName: string,
  file: string,
): TerraformBlock[] {
  return Object.entries(sectionBody).flatMap(([type, instances]) => {
    if (!isObject(instances)) throw new Error(`${file}: ${kind} type ${type} must map names to blocks.`);
    return Object.entries(instances).map(([name, raw]) => {
      const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
      if (!isObject(raw)) throw new Error(`${file}: ${address} must be an object.`);
      const { [COMMENT_KEY]: comment, ...body } = raw;
      const metadataPath = isObject(comment) && isObject(comment.metadata) ? comment.metadata.path : undefined;
      return {
        kind,
        type,
        name,
        address,
        path: typeof metadataPath === 'string' ? metadataPath : `${stackName}/${address}`,
        body,
        comment: isObject(comment) ? comment : undefined,
      };
    });
  });
}

/**
 * One synthesized stack (`cdk.tf.json`) with the look-ups its readers share: blocks by address and type,
 * references between them, provider configurations and aliases. `decorate` lets a reader attach what it
 * derives per block (the policy checker: declared exceptions) once, at load.
 */
export class StackReader<B extends TerraformBlock = TerraformBlock> {
  readonly blocks: readonly B[];
  /** Provider configurations by provider name (`aws`), each a list: the default one and the aliased ones. */
  readonly providers: ReadonlyMap<string, readonly Body[]>;
  private readonly byAddress = new Map<string, B>();
  private readonly byType = new Map<string, B[]>();

  constructor(
    readonly name: string,
    readonly file: string,
    readonly json: Body,
    decorate: (block: TerraformBlock) => B = (block) => block as B,
  ) {
    this.blocks = [
      ...readBlocks('resource', section(json, 'resource', file), name, file),
      ...readBlocks('data', section(json, 'data', file), name, file),
    ].map(decorate);
    for (const block of this.blocks) {
      this.byAddress.set(block.address, block);
      const key = `${block.kind}:${block.type}`;
      this.byType.set(key, [...(this.byType.get(key) ?? []), block]);
    }
    this.providers = new Map(
      Object.entries(section(json, 'provider', file)).map(([provider, configs]) => [provider, blocks(configs)]),
    );
  }

  /** The stack's top-level `//` comment (cdktf metadata and tools' notes), if it has one. */
  get comment(): Body | undefined {
    const comment = this.json[COMMENT_KEY];
    return isObject(comment) ? comment : undefined;
  }

  resources(...types: string[]): B[] {
    return types.flatMap((type) => this.byType.get(`resource:${type}`) ?? []);
  }

  dataSources(...types: string[]): B[] {
    return types.flatMap((type) => this.byType.get(`data:${type}`) ?? []);
  }

  block(address: string): B | undefined {
    return this.byAddress.get(address);
  }

  /** The block a value is a plain reference to (`${aws_iam_role.task.arn}` → that role), if any. */
  target(value: unknown): B | undefined {
    const ref = soleReference(value);
    return ref ? this.byAddress.get(ref.address) : undefined;
  }

  /** Blocks of the given types whose attribute `attribute` mentions `block` (e.g. flow logs of a VPC). */
  referrers(block: TerraformBlock, attribute: string, ...types: string[]): B[] {
    return this.resources(...types).filter((candidate) => mentions(candidate.body[attribute], block.address));
  }

  /** Blocks of the given types that mention `block` anywhere in their attributes. */
  users(block: TerraformBlock, ...types: string[]): B[] {
    return this.resources(...types).filter((candidate) => mentions(candidate.body, block.address));
  }

  /**
   * The provider configuration a block runs on, as `provider` or `provider.alias` (`aws.us_east_1`): its
   * `provider` attribute, else the default configuration of the provider its type names.
   */
  providerKey(block: TerraformBlock): string {
    return typeof block.body.provider === 'string' ? block.body.provider : block.type.split('_')[0];
  }

  /** The literal region of each provider configuration that states one, keyed `aws` or `aws.<alias>`. */
  providerRegions(provider = 'aws'): Map<string, string> {
    const regions = new Map<string, string>();
    for (const config of this.providers.get(provider) ?? []) {
      if (typeof config.region === 'string' && !config.region.includes('${')) {
        regions.set(typeof config.alias === 'string' ? `${provider}.${config.alias}` : provider, config.region);
      }
    }
    return regions;
  }

  /** The region of the provider configuration a block uses, when the configuration states it literally. */
  providerRegion(block: TerraformBlock): string | undefined {
    const key = this.providerKey(block);
    return this.providerRegions(key.split('.')[0]).get(key);
  }
}
