/**
 * Compares the synthesized Terraform JSON of a base checkout with the head's, so a reviewer sees which
 * resources a pull request touches before (or without) a real plan. cdktf's "//" metadata (construct
 * paths, stack traces) is ignored: it changes with code layout, not with what Terraform does.
 */
import { isDeepStrictEqual } from 'node:util';
import { readStackJson, type SynthesizedStack } from '../../lib/terraform-json/output-dir';
import { COMMENT_KEY, StackReader } from '../../lib/terraform-json/stack';
import { listStacks } from '../terraform';
import { changedTopLevelAttributes } from './attribute-diff';

export interface ResourceConfigChange {
  /** Terraform address: `type.name`, or `data.type.name` for data sources. */
  address: string;
  type: string;
  kind: 'added' | 'removed' | 'changed';
  /** For `changed`: the top-level arguments whose configuration differs. */
  attributes: string[];
}

export interface StackComparison {
  stack: string;
  presence: 'added' | 'removed' | 'both';
  resources: ResourceConfigChange[];
  /** Other top-level blocks that differ (provider, terraform, output, ...). */
  settingsChanged: string[];
}

/** The sections compared block by block; every other top-level key is a setting. */
const BLOCK_SECTIONS = new Set(['resource', 'data']);

function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== COMMENT_KEY)
      .map(([key, inner]) => [key, withoutMetadata(inner)]),
  );
}

interface ResourceConfig {
  type: string;
  config: unknown;
}

/** Resources and data sources by address, read by the shared stack reader (which leaves out their `//`). */
function resourcesOf(stack: string, stackJson: Record<string, unknown>): Map<string, ResourceConfig> {
  const blocks = new StackReader(stack, stack, stackJson).blocks;
  return new Map(blocks.map((block) => [block.address, { type: block.type, config: block.body }]));
}

function settingsOf(stackJson: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(stackJson).filter(([key]) => key !== COMMENT_KEY && !BLOCK_SECTIONS.has(key)),
  );
}

function compareStack(name: string, base?: Record<string, unknown>, head?: Record<string, unknown>): StackComparison {
  const baseResources = resourcesOf(name, base ?? {});
  const headResources = resourcesOf(name, head ?? {});
  const resources: ResourceConfigChange[] = [];
  for (const [address, { type, config }] of headResources) {
    const before = baseResources.get(address);
    if (!before) {
      resources.push({ address, type, kind: 'added', attributes: [] });
      continue;
    }
    const attributes = changedTopLevelAttributes(withoutMetadata(before.config), withoutMetadata(config));
    if (attributes.length > 0) resources.push({ address, type, kind: 'changed', attributes });
  }
  for (const [address, { type }] of baseResources) {
    if (!headResources.has(address)) resources.push({ address, type, kind: 'removed', attributes: [] });
  }
  resources.sort((a, b) => a.address.localeCompare(b.address));
  const baseSettings = settingsOf(base ?? {});
  const headSettings = settingsOf(head ?? {});
  const settingsChanged =
    base && head
      ? [...new Set([...Object.keys(baseSettings), ...Object.keys(headSettings)])]
          .filter((key) => !isDeepStrictEqual(withoutMetadata(baseSettings[key]), withoutMetadata(headSettings[key])))
          .sort()
      : [];
  const presence = base && head ? 'both' : head ? 'added' : 'removed';
  return { stack: name, presence, resources, settingsChanged };
}

/** Every stack of base or head, in head's apply order then base-only stacks, with what differs. */
export function compareSynthesized(baseOutDir: string, headOutDir: string): StackComparison[] {
  const baseStacks = listStacks(baseOutDir);
  const headStacks = listStacks(headOutDir);
  const baseByName = new Map(baseStacks.map((stack) => [stack.name, stack]));
  const headNames = new Set(headStacks.map((stack) => stack.name));
  const read = (stack: SynthesizedStack | undefined): Record<string, unknown> | undefined =>
    stack ? readStackJson(stack) : undefined;
  return [
    ...headStacks.map((stack) => compareStack(stack.name, read(baseByName.get(stack.name)), readStackJson(stack))),
    ...baseStacks
      .filter((stack) => !headNames.has(stack.name))
      .map((stack) => compareStack(stack.name, readStackJson(stack))),
  ];
}
