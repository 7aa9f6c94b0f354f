/**
 * AWS's always-free CloudWatch allowances, applied as AWS bills them: once per account and month, shared by
 * every stack (and Region) in that account. Stacks are grouped by the account their providers are pinned to
 * (`allowed_account_ids`); each allowance goes to the covered charges in stack order (the order `npm run cost`
 * lists the stacks), then in resource order within a stack, until it is used up. So the total per account is
 * what AWS would bill, and a reader sees which stack's lines it offset. Each stack shows what it received as
 * negative lines of its own, beside the gross list-price lines.
 */
import { type TerraformBlock, type StackReader } from '../lib/terraform-json/stack';
import { FREE_ALLOWANCES, type FreeAllowanceKey } from './price-table';
import type { LineItem } from './estimate';

/** One stack's share of one allowance in one Region (a negative amount). */
export interface AllowanceItem {
  readonly component: string;
  readonly allowance: FreeAllowanceKey;
  readonly account: string;
  /** The other stacks in the account, which draw on the same allowance. */
  readonly sharedWith: readonly string[];
  readonly priceKey: LineItem['priceKey'];
  readonly region: string;
  readonly unitPriceUsd: number;
  readonly unit: string;
  /** How much of the allowance this stack used, in the price's unit. */
  readonly quantity: number;
  /** Negative: what the allowance saves. */
  readonly monthlyUsd: number;
}

const ALLOWANCE_OF_PRICE = new Map(
  Object.entries(FREE_ALLOWANCES).map(([key, allowance]) => [allowance.covers as string, key as FreeAllowanceKey]),
);

/** The one literal account a provider configuration is pinned to (`allowed_account_ids`), if it names exactly one. */
export function providerAccount(stack: StackReader, block: TerraformBlock): string | undefined {
  const key = stack.providerKey(block);
  const [provider, alias] = key.split('.');
  const config = (stack.providers.get(provider) ?? []).find((candidate) =>
    alias === undefined ? candidate.alias === undefined : candidate.alias === alias,
  );
  const ids = config?.allowed_account_ids;
  if (!Array.isArray(ids) || ids.length !== 1) return undefined;
  const [id] = ids;
  return typeof id === 'string' && /^\d{12}$/.test(id) ? id : undefined;
}

function allowanceComponent(allowance: FreeAllowanceKey, account: string, sharedWith: readonly string[]) {
  const shared = sharedWith.length > 0 ? `, shared with ${sharedWith.join(', ')}` : '';
  return `CloudWatch always-free allowance: ${FREE_ALLOWANCES[allowance].label} (account ${account}${shared})`;
}

interface StackItems {
  readonly stack: string;
  readonly items: readonly LineItem[];
}

/**
 * Each stack's allowance lines for one profile. `stacks` in report order; an item without an account (its
 * provider names none) or marked `outsideFreeTier` receives nothing.
 */
export function allocateAllowances(stacks: readonly StackItems[]): Map<string, AllowanceItem[]> {
  const stacksOfAccount = new Map<string, string[]>();
  for (const { stack, items } of stacks) {
    for (const account of new Set(items.map((item) => item.account).filter((a): a is string => a !== undefined))) {
      stacksOfAccount.set(account, [...(stacksOfAccount.get(account) ?? []), stack]);
    }
  }
  const left = new Map<string, number>();
  const result = new Map<string, AllowanceItem[]>();
  for (const { stack, items } of stacks) {
    const lines = new Map<string, AllowanceItem>();
    for (const item of items) {
      const allowance = ALLOWANCE_OF_PRICE.get(item.priceKey);
      if (!allowance || item.account === undefined || item.outsideFreeTier) continue;
      const pool = `${item.account}|${allowance}`;
      const remaining = left.get(pool) ?? FREE_ALLOWANCES[allowance].quantity;
      const used = Math.min(remaining, item.quantity);
      if (used <= 0) continue;
      left.set(pool, remaining - used);
      const sharedWith = (stacksOfAccount.get(item.account) ?? []).filter((other) => other !== stack);
      const key = `${pool}|${item.region}|${item.unitPriceUsd}`;
      const line = lines.get(key);
      lines.set(key, {
        component: allowanceComponent(allowance, item.account, sharedWith),
        allowance,
        account: item.account,
        sharedWith,
        priceKey: item.priceKey,
        region: item.region,
        unitPriceUsd: item.unitPriceUsd,
        unit: item.unit,
        quantity: (line?.quantity ?? 0) + used,
        monthlyUsd: (line?.monthlyUsd ?? 0) - used * item.unitPriceUsd,
      });
    }
    result.set(stack, [...lines.values()]);
  }
  return result;
}
