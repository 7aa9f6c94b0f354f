/**
 * The cost report: a text table per stack (component, unit price, quantity and monthly USD for both profiles,
 * the subtotal at list prices, the always-free allowances the stack received as negative lines, and the total)
 * and the same as JSON, with each stack's totals at `stacks.<name>.profiles.<profile>.totalUsd` (net) beside
 * `grossUsd`.
 */
import type { StackEstimate } from './estimate';
import type { AllowanceItem } from './free-tier';
import {
  FREE_ALLOWANCES,
  type FreeAllowance,
  GLOBAL,
  type Price,
  type PricedRegion,
  REGIONAL_PRICES,
  GLOBAL_PRICES,
} from './price-table';
import { ASSUMPTIONS, HOURS_PER_MONTH, PROFILES, type ProfileName } from './usage';

export function formatUsd(value: number): string {
  const cents = Math.round(value * 100) / 100;
  return `${cents < 0 ? '-' : ''}$${Math.abs(cents).toFixed(2)}`;
}

function formatQuantity(value: number): string {
  if (value === 0) return '0';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

export interface ReportOptions {
  /** Whether the estimate subtracted the always-free allowances (the footer says which). Default: true. */
  readonly freeTier?: boolean;
}

type Priced = Pick<
  AllowanceItem,
  'component' | 'priceKey' | 'region' | 'unitPriceUsd' | 'unit' | 'quantity' | 'monthlyUsd'
>;

function formatUnitPrice(item: Priced): string {
  return `$${Number(item.unitPriceUsd.toPrecision(4))}/${item.unit}`;
}

interface Row {
  component: string;
  /** An always-free allowance line (negative USD), listed after the priced components. */
  allowance: boolean;
  unitPrice: string;
  quantity: Record<ProfileName, number>;
  usd: Record<ProfileName, number>;
}

/** The Region most of a stack's priced items are in; rows in another Region name theirs. */
function homeRegion(estimate: StackEstimate): string | undefined {
  const counts = new Map<string, number>();
  for (const item of estimate.profiles.idle.items) counts.set(item.region, (counts.get(item.region) ?? 0) + 1);
  return [...counts].filter(([region]) => region !== GLOBAL).sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * One row per component and price: three NAT gateways are one row of 2,190 hours. The priced components come
 * first, most expensive first; the allowances follow.
 */
export function rowsOf(estimate: StackEstimate): Row[] {
  const rows = new Map<string, Row>();
  const home = homeRegion(estimate);
  const sources = (profile: ProfileName) => [
    ...estimate.profiles[profile].items.map((item) => ({ item: item as Priced, allowance: false })),
    ...(estimate.profiles[profile].allowances ?? []).map((item) => ({ item: item as Priced, allowance: true })),
  ];
  for (const profile of PROFILES) {
    for (const { item, allowance } of sources(profile)) {
      const key = `${allowance}|${item.component}|${item.priceKey}|${item.region}`;
      const elsewhere = item.region !== GLOBAL && item.region !== home;
      const row = rows.get(key) ?? {
        component: elsewhere ? `${item.component} (${item.region})` : item.component,
        allowance,
        unitPrice: formatUnitPrice(item),
        quantity: { idle: 0, traffic: 0 },
        usd: { idle: 0, traffic: 0 },
      };
      row.quantity[profile] += item.quantity;
      row.usd[profile] += item.monthlyUsd;
      rows.set(key, row);
    }
  }
  const byCost = (a: Row, b: Row) => b.usd.traffic - a.usd.traffic || b.usd.idle - a.usd.idle;
  const all = [...rows.values()];
  return [
    ...all.filter((row) => !row.allowance).sort(byCost),
    ...all
      .filter((row) => row.allowance)
      .sort(byCost)
      .reverse(),
  ];
}

function table(header: string[], rows: string[][], rightAligned: Set<number>): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function trafficLine(estimate: StackEstimate): string {
  const traffic = estimate.profiles.traffic.traffic;
  if (!traffic) return 'traffic profile: none declared (the traffic column equals idle)';
  return (
    `traffic profile: ${traffic.requestsPerMonth.toLocaleString('en-US')} requests/month, ` +
    `${Math.round(traffic.cacheHitRate * 100)}% cache hits, ${traffic.averageResponseBytes} B average response`
  );
}

export function renderText(estimates: StackEstimate[], options: ReportOptions = {}): string {
  const sections = estimates.map((estimate) => {
    const cells = (row: Row) => [
      row.component,
      row.unitPrice,
      formatQuantity(row.quantity.idle),
      formatUsd(row.usd.idle),
      formatQuantity(row.quantity.traffic),
      formatUsd(row.usd.traffic),
    ];
    const all = rowsOf(estimate);
    const allowances = all.filter((row) => row.allowance).map(cells);
    const subtotal =
      allowances.length > 0
        ? [
            [
              'Subtotal at list prices',
              '',
              '',
              formatUsd(estimate.profiles.idle.grossUsd),
              '',
              formatUsd(estimate.profiles.traffic.grossUsd),
            ],
            ...allowances,
          ]
        : [];
    const rows = [...all.filter((row) => !row.allowance).map(cells), ...subtotal];
    const totals = [
      'Total',
      '',
      '',
      formatUsd(estimate.profiles.idle.totalUsd),
      '',
      formatUsd(estimate.profiles.traffic.totalUsd),
    ];
    return [
      `${estimate.stack} (${estimate.planFile ? `${estimate.planFile}, with ${estimate.file}` : estimate.file})`,
      trafficLine(estimate),
      '',
      ...table(
        ['Component', 'Unit price', 'Idle qty', 'Idle USD/month', 'Traffic qty', 'Traffic USD/month'],
        [...rows, totals],
        new Set([2, 3, 4, 5]),
      ),
    ].join('\n');
  });
  const freeTier =
    (options.freeTier ?? true)
      ? "less CloudWatch's always-free allowances, once per AWS account (--no-free-tier leaves them out)"
      : 'no free tier (--no-free-tier)';
  return `${sections.join('\n\n')}\n\nList prices from cost/price-table.ts, ${HOURS_PER_MONTH} hours a month, ${freeTier}; no taxes or discounts.\n`;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** The prices the run used, with unit, source and date, so a reader of the JSON can check each one. */
function pricesUsed(estimates: StackEstimate[]): Record<string, Record<string, Price>> {
  const used: Record<string, Record<string, Price>> = {};
  for (const item of estimates.flatMap((e) => PROFILES.flatMap((p) => e.profiles[p].items))) {
    const table = item.region === GLOBAL ? GLOBAL_PRICES : REGIONAL_PRICES[item.region as PricedRegion];
    (used[item.region] ??= {})[item.priceKey] = (table as Record<string, Price>)[item.priceKey];
  }
  return used;
}

/** The allowances the run subtracted, with their terms, source and date. */
function allowancesUsed(estimates: StackEstimate[]): Record<string, FreeAllowance> {
  const keys = estimates.flatMap((e) => PROFILES.flatMap((p) => e.profiles[p].allowances.map((a) => a.allowance)));
  return Object.fromEntries([...new Set(keys)].sort().map((key) => [key, FREE_ALLOWANCES[key]]));
}

export function renderJson(estimates: StackEstimate[], options: ReportOptions = {}): string {
  const stacks = Object.fromEntries(
    estimates.map((estimate) => [
      estimate.stack,
      {
        file: estimate.file,
        ...(estimate.planFile ? { planFile: estimate.planFile } : {}),
        profiles: Object.fromEntries(
          PROFILES.map((profile) => {
            const { traffic, totalUsd, grossUsd, allowances, items } = estimate.profiles[profile];
            const rounded = <T extends { quantity: number; monthlyUsd: number }>(item: T) => ({
              ...item,
              quantity: round(item.quantity, 6),
              monthlyUsd: round(item.monthlyUsd, 4),
            });
            return [
              profile,
              {
                ...(traffic ? { traffic } : {}),
                totalUsd: round(totalUsd, 2),
                grossUsd: round(grossUsd, 2),
                allowances: allowances.map(rounded),
                items: items.map(rounded),
              },
            ];
          }),
        ),
      },
    ]),
  );
  const document = {
    hoursPerMonth: HOURS_PER_MONTH,
    freeTier: options.freeTier ?? true,
    assumptions: ASSUMPTIONS,
    stacks,
    prices: pricesUsed(estimates),
    freeAllowances: allowancesUsed(estimates),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
