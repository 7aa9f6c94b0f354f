/**
 * Prices every resource of every synthesized stack for the `idle` and `traffic` profiles. A resource type with
 * neither a pricer nor a free declaration fails the whole run, naming the type and where it is used.
 * CloudWatch's always-free allowances are then subtracted once per account across all stacks (free-tier.ts),
 * unless `freeTier: false`.
 */
import { isObject } from '../lib/terraform-json/attributes';
import { loadStackJsons } from '../lib/terraform-json/load';
import { COMMENT_KEY, StackReader, type TerraformBlock } from '../lib/terraform-json/stack';
import { type AllowanceItem, allocateAllowances, providerAccount } from './free-tier';
import { FREE_RESOURCE_TYPES } from './free-types';
import { withPlan } from './plan-input';
import { type PriceKey, priceOf } from './price-table';
import { type Charge, PRICERS, type Pricer } from './pricing';
import { StackUsage } from './stack-usage';
import { PROFILES, type ProfileName, type TrafficProfile, trafficProfileProblems, usageFor } from './usage';

export interface LineItem {
  readonly component: string;
  readonly address: string;
  readonly priceKey: PriceKey;
  /** The Region whose price applied, or `global`. */
  readonly region: string;
  readonly unitPriceUsd: number;
  readonly unit: string;
  readonly quantity: number;
  readonly monthlyUsd: number;
  /** The AWS account the resource's provider is pinned to (`allowed_account_ids`), when it names one. */
  readonly account?: string;
  /** Why the always-free allowance for this price does not cover this item, when it does not. */
  readonly outsideFreeTier?: string;
}

export interface ProfileEstimate {
  readonly profile: ProfileName;
  /** The traffic profile priced (traffic only; absent when the stack declares none and serves no requests). */
  readonly traffic?: TrafficProfile;
  /** What the items cost at list prices. */
  readonly grossUsd: number;
  /** The always-free allowances this stack received (negative amounts); empty with `freeTier: false`. */
  readonly allowances: readonly AllowanceItem[];
  /** What AWS bills: gross plus the (negative) allowances. */
  readonly totalUsd: number;
  readonly items: readonly LineItem[];
}

export interface StackEstimate {
  readonly stack: string;
  readonly file: string;
  /** The plan JSON the resources came from, when the stack had one. */
  readonly planFile?: string;
  readonly profiles: Readonly<Record<ProfileName, ProfileEstimate>>;
}

/** Where a platform stack records its environment's traffic profile: `//.environment.traffic`. */
export const ENVIRONMENT_KEY = 'environment';
export const TRAFFIC_KEY = 'traffic';

export class UnpricedResourceError extends Error {
  constructor(readonly unpriced: ReadonlyMap<string, string>) {
    super(
      `No price mapping and no free declaration for resource type(s): ` +
        [...unpriced].map(([type, address]) => `${type} (e.g. ${address})`).join(', ') +
        '. Price each in cost/pricing.ts, or declare it free with its reason in cost/free-types.ts.',
    );
    this.name = 'UnpricedResourceError';
  }
}

/** The pricer of each resource; all unpriced types of a stack are reported at once. */
function pricersOf(
  stack: StackReader,
  pricers: Readonly<Record<string, Pricer>>,
  free: Readonly<Record<string, string>>,
) {
  const unpriced = new Map<string, string>();
  const priced: { block: TerraformBlock; pricer: Pricer }[] = [];
  for (const block of stack.resources(...new Set(stack.blocks.map((b) => b.type)))) {
    if (Object.hasOwn(pricers, block.type)) priced.push({ block, pricer: pricers[block.type] });
    else if (!Object.hasOwn(free, block.type)) unpriced.set(block.type, `${stack.name}: ${block.address}`);
  }
  return { priced, unpriced };
}

/** The traffic profile a stack records for tooling, if any; a malformed one is an error naming the stack. */
export function trafficProfileOf(stack: StackReader): TrafficProfile | undefined {
  const environment = stack.comment?.[ENVIRONMENT_KEY];
  const traffic = isObject(environment) ? environment[TRAFFIC_KEY] : undefined;
  if (traffic === undefined) return undefined;
  const profile = (isObject(traffic) ? traffic : {}) as unknown as TrafficProfile;
  const problems = trafficProfileProblems(profile);
  if (problems.length > 0) {
    throw new Error(`Stack ${stack.name}: ${COMMENT_KEY}.${ENVIRONMENT_KEY}.${TRAFFIC_KEY}: ${problems.join('; ')}.`);
  }
  return profile;
}

function lineItem(block: TerraformBlock, stack: StackReader, item: Charge): LineItem {
  const region = stack.providerRegion(block);
  if (region === undefined) {
    throw new Error(
      `${stack.name}: ${block.address} runs on a provider without a literal region; it cannot be priced.`,
    );
  }
  if (!Number.isFinite(item.quantity) || item.quantity < 0) {
    throw new Error(`${stack.name}: ${block.address}: ${item.component} has quantity ${item.quantity}.`);
  }
  const price = priceOf(item.priceKey, region);
  const account = providerAccount(stack, block);
  return {
    component: item.component,
    address: block.address,
    priceKey: item.priceKey,
    region: price.region,
    unitPriceUsd: price.usd,
    unit: price.unit,
    quantity: item.quantity,
    monthlyUsd: item.quantity * price.usd,
    ...(account ? { account } : {}),
    ...(item.outsideFreeTier ? { outsideFreeTier: item.outsideFreeTier } : {}),
  };
}

export interface EstimateOptions {
  /** For tests: a mapping other than the project's. */
  readonly pricers?: Readonly<Record<string, Pricer>>;
  readonly free?: Readonly<Record<string, string>>;
  /** Where `npm run plan` left `<stack>/plan.json`; a stack with a plan there is priced from it. */
  readonly planDir?: string;
  /**
   * Subtract CloudWatch's always-free allowances per account. Default: true, as AWS bills; false for accounts
   * whose allowances other workloads already use up (`--no-free-tier`).
   */
  readonly freeTier?: boolean;
}

/** The estimates with each account's always-free allowances shared out over its stacks, in the order given. */
function withAllowances(estimates: StackEstimate[], freeTier: boolean): StackEstimate[] {
  if (!freeTier) return estimates;
  const byProfile = Object.fromEntries(
    PROFILES.map((profile) => [
      profile,
      allocateAllowances(estimates.map((e) => ({ stack: e.stack, items: e.profiles[profile].items }))),
    ]),
  ) as Record<ProfileName, Map<string, AllowanceItem[]>>;
  return estimates.map((estimate) => ({
    ...estimate,
    profiles: Object.fromEntries(
      PROFILES.map((profile) => {
        const gross = estimate.profiles[profile];
        const allowances = byProfile[profile].get(estimate.stack) ?? [];
        const saved = allowances.reduce((sum, item) => sum + item.monthlyUsd, 0);
        const net: ProfileEstimate = { ...gross, allowances, totalUsd: gross.grossUsd + saved };
        return [profile, net];
      }),
    ) as Record<ProfileName, ProfileEstimate>,
  }));
}

/** One stack priced alone: allowances as if no other stack shared its account. */
export function estimateStack(stack: StackReader, options: EstimateOptions = {}): StackEstimate {
  return withAllowances([grossEstimate(stack, options)], options.freeTier ?? true)[0];
}

function grossEstimate(stack: StackReader, options: EstimateOptions): StackEstimate {
  const { priced, unpriced } = pricersOf(stack, options.pricers ?? PRICERS, options.free ?? FREE_RESOURCE_TYPES);
  if (unpriced.size > 0) throw new UnpricedResourceError(unpriced);
  const traffic = trafficProfileOf(stack);
  const profiles = Object.fromEntries(
    PROFILES.map((profile) => {
      const usage = usageFor(profile, traffic);
      const context = new StackUsage(stack, usage);
      const items = priced
        .flatMap(({ block, pricer }) => pricer(block, context).map((item) => lineItem(block, stack, item)))
        .filter((item) => item.quantity > 0);
      const grossUsd = items.reduce((sum, item) => sum + item.monthlyUsd, 0);
      const estimate: ProfileEstimate = {
        profile,
        ...(usage.traffic ? { traffic: usage.traffic } : {}),
        grossUsd,
        allowances: [],
        totalUsd: grossUsd,
        items,
      };
      return [profile, estimate];
    }),
  ) as Record<ProfileName, ProfileEstimate>;
  return { stack: stack.name, file: stack.file, profiles };
}

/** Every stack in a cdktf output directory (or one stack folder); unpriced types of all stacks fail together. */
export function estimateDir(dir: string, options: EstimateOptions = {}): StackEstimate[] {
  const stacks = loadStackJsons(dir).map((loaded) => {
    const { json, planFile } = withPlan(loaded.json, loaded.name, options.planDir);
    return { reader: new StackReader(loaded.name, loaded.file, json), planFile };
  });
  const unpriced = new Map<string, string>();
  const estimates: StackEstimate[] = [];
  for (const { reader, planFile } of stacks) {
    try {
      const estimate = grossEstimate(reader, options);
      estimates.push(planFile ? { ...estimate, planFile } : estimate);
    } catch (error) {
      if (!(error instanceof UnpricedResourceError)) throw error;
      for (const [type, address] of error.unpriced) if (!unpriced.has(type)) unpriced.set(type, address);
    }
  }
  if (unpriced.size > 0) throw new UnpricedResourceError(unpriced);
  return withAllowances(estimates, options.freeTier ?? true);
}
