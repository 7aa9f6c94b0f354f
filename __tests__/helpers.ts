/** Helpers to read what cdktf synthesized: the Terraform JSON, not the construct tree. */
import { App, Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { dev, prod, stateBackend } from '../config/environments';
import { StackReader, type TerraformBlock } from '../lib/terraform-json/stack';
import type { EnvironmentConfig } from '../config/types';
import { PlatformStack } from '../stacks/platform-stack';

export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, Array<Record<string, unknown>>>;
  terraform?: Record<string, unknown>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export type Block = Record<string, unknown> & { '//'?: { metadata?: { path?: string } } };

/** A block as written in the JSON: its attributes, with its `//` comment when it has one. */
function asWritten(block: TerraformBlock): Block {
  return (block.comment ? { ...block.body, '//': block.comment } : block.body) as Block;
}

/** All resources of one type, as [name, block] pairs (read through the shared StackReader). */
export function resourcesOf(json: TerraformJson, type: string): Array<[string, Block]> {
  return readStack(json)
    .resources(type)
    .map((block) => [block.name, asWritten(block)]);
}

export function blocksOf(json: TerraformJson, type: string): Block[] {
  return resourcesOf(json, type).map(([, block]) => block);
}

/** The single resource of a type; fails when there is none or more than one. */
export function onlyResource(json: TerraformJson, type: string): Block {
  const blocks = blocksOf(json, type);
  if (blocks.length !== 1) throw new Error(`expected exactly one ${type}, found ${blocks.length}`);
  return blocks[0];
}

/** The name of the one resource of a type (among those `filter` keeps); fails on none or several. */
export function onlyName(
  json: TerraformJson,
  type: string,
  filter: (block: Block, name: string) => boolean = () => true,
): string {
  const names = resourcesOf(json, type)
    .filter(([name, block]) => filter(block, name))
    .map(([name]) => name);
  if (names.length !== 1) {
    throw new Error(`expected one matching ${type}, found ${names.length}: ${names.join(', ') || 'none'}`);
  }
  return names[0];
}

/** The name of the one resource of a type whose Terraform name starts with `prefix` (its construct path). */
export function onlyNameWithPrefix(json: TerraformJson, type: string, prefix: string): string {
  return onlyName(json, type, (_block, name) => name.startsWith(prefix));
}

export function dataSourcesOf(json: TerraformJson, type: string): Block[] {
  return readStack(json).dataSources(type).map(asWritten);
}

/** `${aws_vpc.name.id}`: what cdktf writes for a reference to a resource's attribute. */
export function reference(type: string, name: string, attribute: string): string {
  return `\${${type}.${name}.${attribute}}`;
}

/**
 * The project's one reader of synthesized Terraform JSON, over a test synth: for what cdktf's matchers cannot say
 * (references between blocks, counts, ordering). Takes what `Testing.synthScope`/`Testing.synth` return.
 */
export function readStack(synthesized: string | TerraformJson, name = 'test'): StackReader {
  const json = typeof synthesized === 'string' ? (JSON.parse(synthesized) as TerraformJson) : synthesized;
  return new StackReader(name, `${name}/cdk.tf.json`, json);
}

/** The one block of a type (`resource`, or `data` with `kind`); fails on none or several. */
export function onlyBlock(stack: StackReader, type: string, kind: TerraformBlock['kind'] = 'resource'): TerraformBlock {
  const found = kind === 'resource' ? stack.resources(type) : stack.dataSources(type);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind} ${type}, found ${found.length}`);
  return found[0];
}

/** `${<address>.<attribute>}`: what cdktf writes where one block refers to another's attribute. */
export function ref(block: TerraformBlock, attribute: string): string {
  return `\${${block.address}.${attribute}}`;
}

/** Synthesizes a construct inside a bare test stack and parses the result. */
export function synthScope(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(Testing.synthScope(build)) as TerraformJson;
}

/** Builds a platform stack for an environment and returns it with its synthesized JSON (validations run). */
export function synthPlatform(environment: EnvironmentConfig = dev): { stack: PlatformStack; json: TerraformJson } {
  const app = Testing.app();
  const stack = new PlatformStack(app, environment.name, { environment, stateBackend });
  return { stack, json: JSON.parse(Testing.synth(stack, true)) as TerraformJson };
}

export function synthStack(stack: TerraformStack, runValidations = true): TerraformJson {
  return JSON.parse(Testing.synth(stack, runValidations)) as TerraformJson;
}

export function newApp(): App {
  return Testing.app();
}

/** A deep copy of an environment with some fields changed, for invalid-config tests. */
export function withChanges(
  base: EnvironmentConfig,
  change: (copy: Mutable<EnvironmentConfig>) => void,
): EnvironmentConfig {
  const copy = structuredClone(base) as Mutable<EnvironmentConfig>;
  change(copy);
  return copy;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

export { dev, prod, stateBackend };
