import { COMMENT_KEY, ENVIRONMENT_KEY, EXCEPTIONS_KEY } from '../markers';
import { type Body, blocks, isObject, isTrue } from './attributes';
import { mentions, soleReference } from './references';
import { STATE_STACK_NAME } from '../../stacks/names';

/** Something a finding can point at: its Terraform address, its construct path and its declared exceptions. */
export interface Located {
  readonly address: string;
  readonly path: string;
  readonly exceptions: ReadonlyMap<string, string>;
}

export interface Block extends Located {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** The block's attributes without its `//` comment. */
  readonly body: Body;
}

/** Facts that come from all stacks of a run, not from one. */
export interface RunContext {
  /** Buckets named by any stack's S3 backend: the Terraform state bucket wherever it is declared. */
  readonly backendBuckets: ReadonlySet<string>;
}

const PRODUCTION_NAME = /^prod/i;

function section(json: Body, key: string, file: string): Body {
  const value = json[key] ?? {};
  if (!isObject(value)) throw new Error(`${file}: "${key}" must be an object, found ${JSON.stringify(value)}.`);
  return value;
}

function exceptionsOf(comment: unknown, address: string, file: string): Map<string, string> {
  const declared = isObject(comment) ? comment[EXCEPTIONS_KEY] : undefined;
  if (declared === undefined) return new Map();
  if (!isObject(declared) || !Object.values(declared).every((r) => typeof r === 'string')) {
    throw new Error(`${file}: ${address} has malformed ${EXCEPTIONS_KEY}; expected {"<rule id>": "<reason>"}.`);
  }
  return new Map(Object.entries(declared as Record<string, string>));
}

function readBlocks(kind: Block['kind'], sectionBody: Body, stackName: string, file: string): Block[] {
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
        exceptions: exceptionsOf(comment, address, file),
      };
    });
  });
}

/** One synthesized stack (`cdk.tf.json`) with the look-ups the rules share. */
export class StackModel {
  readonly blocks: readonly Block[];
  readonly providers: ReadonlyMap<string, readonly Body[]>;
  private readonly byAddress = new Map<string, Block>();
  private readonly byType = new Map<string, Block[]>();

  constructor(
    readonly name: string,
    readonly file: string,
    readonly json: Body,
    readonly context: RunContext = { backendBuckets: new Set() },
  ) {
    this.blocks = [
      ...readBlocks('resource', section(json, 'resource', file), name, file),
      ...readBlocks('data', section(json, 'data', file), name, file),
    ];
    for (const block of this.blocks) {
      this.byAddress.set(block.address, block);
      const key = `${block.kind}:${block.type}`;
      this.byType.set(key, [...(this.byType.get(key) ?? []), block]);
    }
    this.providers = new Map(
      Object.entries(section(json, 'provider', file)).map(([provider, configs]) => [provider, blocks(configs)]),
    );
  }

  /** Production when the stack's `//.environment` marker says so, or when its name starts with `prod`. */
  get production(): boolean {
    const comment = this.json[COMMENT_KEY];
    const environment = isObject(comment) ? comment[ENVIRONMENT_KEY] : undefined;
    return (isObject(environment) && isTrue(environment.production)) || PRODUCTION_NAME.test(this.name);
  }

  /** The stack that holds Terraform state: named `state`, or declaring a bucket some stack's backend names. */
  holdsState(bucket: Block): boolean {
    return this.name === STATE_STACK_NAME || this.context.backendBuckets.has(String(bucket.body.bucket));
  }

  resources(...types: string[]): Block[] {
    return types.flatMap((type) => this.byType.get(`resource:${type}`) ?? []);
  }

  dataSources(...types: string[]): Block[] {
    return types.flatMap((type) => this.byType.get(`data:${type}`) ?? []);
  }

  block(address: string): Block | undefined {
    return this.byAddress.get(address);
  }

  /** The block a value is a plain reference to (`${aws_iam_role.task.arn}` → that role), if any. */
  target(value: unknown): Block | undefined {
    const ref = soleReference(value);
    return ref ? this.byAddress.get(ref.address) : undefined;
  }

  /** Blocks of the given types whose attribute `attribute` mentions `block` (e.g. flow logs of a VPC). */
  referrers(block: Block, attribute: string, ...types: string[]): Block[] {
    return this.resources(...types).filter((candidate) => mentions(candidate.body[attribute], block.address));
  }

  /** Blocks of the given types that mention `block` anywhere in their attributes. */
  users(block: Block, ...types: string[]): Block[] {
    return this.resources(...types).filter((candidate) => mentions(candidate.body, block.address));
  }

  /** The region of the provider configuration a block uses, when the configuration states it literally. */
  providerRegion(block: Block): string | undefined {
    const [provider, alias] = String(block.body.provider ?? block.type.split('_')[0]).split('.');
    const config = (this.providers.get(provider) ?? []).find((c) =>
      alias ? c.alias === alias : c.alias === undefined,
    );
    const region = config?.region;
    return typeof region === 'string' && !region.includes('${') ? region : undefined;
  }
}
