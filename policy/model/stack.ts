import { ENVIRONMENT_KEY, EXCEPTIONS_KEY } from '../../lib/policy-markers';
import { type Body, isObject, isTrue } from '../../lib/terraform-json/attributes';
import { StackReader, type TerraformBlock } from '../../lib/terraform-json/stack';
import { STATE_STACK_NAME } from '../../stacks/names';

/** Something a finding can point at: its Terraform address, its construct path and its declared exceptions. */
export interface Located {
  readonly address: string;
  readonly path: string;
  readonly exceptions: ReadonlyMap<string, string>;
}

export interface Block extends TerraformBlock, Located {}

/** Facts that come from all stacks of a run, not from one. */
export interface RunContext {
  /** Buckets named by any stack's S3 backend: the Terraform state bucket wherever it is declared. */
  readonly backendBuckets: ReadonlySet<string>;
}

const PRODUCTION_NAME = /^prod/i;

function exceptionsOf(comment: Body | undefined, address: string, file: string): Map<string, string> {
  const declared = comment?.[EXCEPTIONS_KEY];
  if (declared === undefined) return new Map();
  if (!isObject(declared) || !Object.values(declared).every((r) => typeof r === 'string')) {
    throw new Error(`${file}: ${address} has malformed ${EXCEPTIONS_KEY}; expected {"<rule id>": "<reason>"}.`);
  }
  return new Map(Object.entries(declared as Record<string, string>));
}

/** One synthesized stack as the rules see it: the shared reader, plus exceptions, production and state facts. */
export class StackModel extends StackReader<Block> {
  constructor(
    name: string,
    file: string,
    json: Body,
    readonly context: RunContext = { backendBuckets: new Set() },
  ) {
    super(name, file, json, (block) => ({ ...block, exceptions: exceptionsOf(block.comment, block.address, file) }));
  }

  /** Production when the stack's `//.environment` marker says so, or when its name starts with `prod`. */
  get production(): boolean {
    const environment = this.comment?.[ENVIRONMENT_KEY];
    return (isObject(environment) && isTrue(environment.production)) || PRODUCTION_NAME.test(this.name);
  }

  /** The stack that holds Terraform state: named `state`, or declaring a bucket some stack's backend names. */
  holdsState(bucket: Block): boolean {
    return this.name === STATE_STACK_NAME || this.context.backendBuckets.has(String(bucket.body.bucket));
  }
}
