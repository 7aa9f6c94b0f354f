/**
 * The committed price table: AWS list prices (on-demand, no savings plans, no taxes) for the
 * Regions the stacks deploy to, and the few services billed the same everywhere (CloudFront edges, WAF).
 * Each price carries its unit, the page it was read from and when it was recorded there; refresh a row
 * when AWS changes a price, and the date with it. Nothing here is fetched at run time: `npm run cost`
 * works offline and without credentials. CloudWatch's always-free allowances (FREE_ALLOWANCES) are recorded the
 * same way; the estimate subtracts them per account as lines of their own.
 */

export const PRICED_REGIONS = ['eu-west-1', 'us-east-1'] as const;
export type PricedRegion = (typeof PRICED_REGIONS)[number];
/** CloudFront edge prices (Europe and North America are priced alike) and CLOUDFRONT-scope WAF. */
export const GLOBAL = 'global';

export interface Price {
  readonly usd: number;
  /** What one `usd` buys, e.g. `hour`, `GB`, `million requests`. Quantities are counted in this unit. */
  readonly unit: string;
  readonly source: string;
  /** When the price was recorded from `source` (ISO date). */
  readonly date: string;
}

const RECORDED = '2026-12-03';

const PAGE = {
  vpc: 'https://aws.amazon.com/vpc/pricing/',
  privatelink: 'https://aws.amazon.com/privatelink/pricing/',
  elb: 'https://aws.amazon.com/elasticloadbalancing/pricing/',
  fargate: 'https://aws.amazon.com/fargate/pricing/',
  cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
  apigateway: 'https://aws.amazon.com/api-gateway/pricing/',
  dynamodb: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  s3: 'https://aws.amazon.com/s3/pricing/',
  ecr: 'https://aws.amazon.com/ecr/pricing/',
  kms: 'https://aws.amazon.com/kms/pricing/',
  secretsmanager: 'https://aws.amazon.com/secrets-manager/pricing/',
  route53: 'https://aws.amazon.com/route53/pricing/',
  cloudfront: 'https://aws.amazon.com/cloudfront/pricing/',
  waf: 'https://aws.amazon.com/waf/pricing/',
} as const;

const price = (usd: number, unit: string, source: string): Price => ({ usd, unit, source, date: RECORDED });

/** What the regional table prices; every Region lists every key (a test holds it to that). */
export type RegionalPriceKey =
  | 'natGatewayHour'
  | 'natGatewayData'
  | 'publicIpv4Hour'
  | 'interfaceEndpointAzHour'
  | 'interfaceEndpointData'
  | 'albHour'
  | 'albLcuHour'
  | 'fargateX86VcpuHour'
  | 'fargateX86GbHour'
  | 'fargateArmVcpuHour'
  | 'fargateArmGbHour'
  | 'fargateSpotX86VcpuHour'
  | 'fargateSpotX86GbHour'
  | 'fargateSpotArmVcpuHour'
  | 'fargateSpotArmGbHour'
  | 'cloudwatchMetricMonth'
  | 'cloudwatchAlarmMetricMonth'
  | 'cloudwatchHighResAlarmMetricMonth'
  | 'cloudwatchDashboardMonth'
  | 'logsIngestGb'
  | 'logsInfrequentAccessIngestGb'
  | 'logsStorageGbMonth'
  | 'httpApiMillionRequests'
  | 'dynamodbMillionReadUnits'
  | 'dynamodbMillionWriteUnits'
  | 'dynamodbStorageGbMonth'
  | 'dynamodbPitrGbMonth'
  | 's3StandardGbMonth'
  | 's3ThousandPuts'
  | 'ecrStorageGbMonth'
  | 'kmsKeyMonth'
  | 'secretMonth'
  | 'route53ZoneMonth';

export type GlobalPriceKey =
  | 'cloudfrontDataOutGb'
  | 'cloudfrontTenThousandHttpsRequests'
  | 'wafWebAclMonth'
  | 'wafRuleMonth'
  | 'wafMillionRequests';

export type PriceKey = RegionalPriceKey | GlobalPriceKey;

const SPOT_NOTE = ' (Fargate Spot: the price moves with spare capacity; a recorded typical value)';

export const REGIONAL_PRICES: Readonly<Record<PricedRegion, Readonly<Record<RegionalPriceKey, Price>>>> = {
  'eu-west-1': {
    natGatewayHour: price(0.048, 'hour', PAGE.vpc),
    natGatewayData: price(0.048, 'GB', PAGE.vpc),
    publicIpv4Hour: price(0.005, 'hour', PAGE.vpc),
    interfaceEndpointAzHour: price(0.011, 'AZ-hour', PAGE.privatelink),
    interfaceEndpointData: price(0.01, 'GB', PAGE.privatelink),
    albHour: price(0.0252, 'hour', PAGE.elb),
    albLcuHour: price(0.008, 'LCU-hour', PAGE.elb),
    fargateX86VcpuHour: price(0.04048, 'vCPU-hour', PAGE.fargate),
    fargateX86GbHour: price(0.004445, 'GB-hour', PAGE.fargate),
    fargateArmVcpuHour: price(0.03238, 'vCPU-hour', PAGE.fargate),
    fargateArmGbHour: price(0.00356, 'GB-hour', PAGE.fargate),
    fargateSpotX86VcpuHour: price(0.0127, 'vCPU-hour', PAGE.fargate + SPOT_NOTE),
    fargateSpotX86GbHour: price(0.0014, 'GB-hour', PAGE.fargate + SPOT_NOTE),
    fargateSpotArmVcpuHour: price(0.01016, 'vCPU-hour', PAGE.fargate + SPOT_NOTE),
    fargateSpotArmGbHour: price(0.00112, 'GB-hour', PAGE.fargate + SPOT_NOTE),
    cloudwatchMetricMonth: price(0.3, 'metric-month', PAGE.cloudwatch),
    cloudwatchAlarmMetricMonth: price(0.1, 'alarm metric-month', PAGE.cloudwatch),
    cloudwatchHighResAlarmMetricMonth: price(0.3, 'alarm metric-month', PAGE.cloudwatch),
    cloudwatchDashboardMonth: price(3, 'dashboard-month', PAGE.cloudwatch),
    logsIngestGb: price(0.57, 'GB', PAGE.cloudwatch),
    logsInfrequentAccessIngestGb: price(0.285, 'GB', PAGE.cloudwatch),
    logsStorageGbMonth: price(0.03, 'GB-month', PAGE.cloudwatch),
    httpApiMillionRequests: price(1.11, 'million requests', PAGE.apigateway),
    dynamodbMillionReadUnits: price(0.1415, 'million read request units', PAGE.dynamodb),
    dynamodbMillionWriteUnits: price(0.7065, 'million write request units', PAGE.dynamodb),
    dynamodbStorageGbMonth: price(0.283, 'GB-month', PAGE.dynamodb),
    dynamodbPitrGbMonth: price(0.2266, 'GB-month', PAGE.dynamodb),
    s3StandardGbMonth: price(0.023, 'GB-month', PAGE.s3),
    s3ThousandPuts: price(0.005, 'thousand PUT requests', PAGE.s3),
    ecrStorageGbMonth: price(0.1, 'GB-month', PAGE.ecr),
    kmsKeyMonth: price(1, 'key-month', PAGE.kms),
    secretMonth: price(0.4, 'secret-month', PAGE.secretsmanager),
    route53ZoneMonth: price(0.5, 'hosted zone-month', PAGE.route53),
  },
  'us-east-1': {
    natGatewayHour: price(0.045, 'hour', PAGE.vpc),
    natGatewayData: price(0.045, 'GB', PAGE.vpc),
    publicIpv4Hour: price(0.005, 'hour', PAGE.vpc),
    interfaceEndpointAzHour: price(0.01, 'AZ-hour', PAGE.privatelink),
    interfaceEndpointData: price(0.01, 'GB', PAGE.privatelink),
    albHour: price(0.0225, 'hour', PAGE.elb),
    albLcuHour: price(0.008, 'LCU-hour', PAGE.elb),
    fargateX86VcpuHour: price(0.04048, 'vCPU-hour', PAGE.fargate),
    fargateX86GbHour: price(0.004445, 'GB-hour', PAGE.fargate),
    fargateArmVcpuHour: price(0.03238, 'vCPU-hour', PAGE.fargate),
    fargateArmGbHour: price(0.00356, 'GB-hour', PAGE.fargate),
    fargateSpotX86VcpuHour: price(0.01214, 'vCPU-hour', PAGE.fargate + SPOT_NOTE),
    fargateSpotX86GbHour: price(0.00133, 'GB-hour', PAGE.fargate + SPOT_NOTE),
    fargateSpotArmVcpuHour: price(0.00971, 'vCPU-hour', PAGE.fargate + SPOT_NOTE),
    fargateSpotArmGbHour: price(0.00107, 'GB-hour', PAGE.fargate + SPOT_NOTE),
    cloudwatchMetricMonth: price(0.3, 'metric-month', PAGE.cloudwatch),
    cloudwatchAlarmMetricMonth: price(0.1, 'alarm metric-month', PAGE.cloudwatch),
    cloudwatchHighResAlarmMetricMonth: price(0.3, 'alarm metric-month', PAGE.cloudwatch),
    cloudwatchDashboardMonth: price(3, 'dashboard-month', PAGE.cloudwatch),
    logsIngestGb: price(0.5, 'GB', PAGE.cloudwatch),
    logsInfrequentAccessIngestGb: price(0.25, 'GB', PAGE.cloudwatch),
    logsStorageGbMonth: price(0.03, 'GB-month', PAGE.cloudwatch),
    httpApiMillionRequests: price(1, 'million requests', PAGE.apigateway),
    dynamodbMillionReadUnits: price(0.125, 'million read request units', PAGE.dynamodb),
    dynamodbMillionWriteUnits: price(0.625, 'million write request units', PAGE.dynamodb),
    dynamodbStorageGbMonth: price(0.25, 'GB-month', PAGE.dynamodb),
    dynamodbPitrGbMonth: price(0.2, 'GB-month', PAGE.dynamodb),
    s3StandardGbMonth: price(0.023, 'GB-month', PAGE.s3),
    s3ThousandPuts: price(0.005, 'thousand PUT requests', PAGE.s3),
    ecrStorageGbMonth: price(0.1, 'GB-month', PAGE.ecr),
    kmsKeyMonth: price(1, 'key-month', PAGE.kms),
    secretMonth: price(0.4, 'secret-month', PAGE.secretsmanager),
    route53ZoneMonth: price(0.5, 'hosted zone-month', PAGE.route53),
  },
};

export const GLOBAL_PRICES: Readonly<Record<GlobalPriceKey, Price>> = {
  // First 10 TB a month to viewers in Europe or North America (PriceClass_100 serves only those).
  cloudfrontDataOutGb: price(0.085, 'GB', PAGE.cloudfront),
  // Europe's rate, the higher of the two (North America: 0.0100).
  cloudfrontTenThousandHttpsRequests: price(0.012, '10,000 HTTPS requests', PAGE.cloudfront),
  wafWebAclMonth: price(5, 'web ACL-month', PAGE.waf),
  // A managed rule group counts as one rule.
  wafRuleMonth: price(1, 'rule-month', PAGE.waf),
  wafMillionRequests: price(0.6, 'million requests', PAGE.waf),
};

/**
 * An always-free monthly allowance: `quantity` of the `covers` price's unit per AWS account (not per Region or
 * stack), forever, not only in a new account's first year. The estimate subtracts it once per account (free-tier.ts).
 */
export interface FreeAllowance {
  /** What the reader sees, e.g. `3 dashboards`. */
  readonly label: string;
  readonly quantity: number;
  readonly covers: RegionalPriceKey;
  /** The limits AWS puts on it, as the source states them. */
  readonly terms: string;
  readonly source: string;
  /** When the terms were recorded from `source` (ISO date). */
  readonly date: string;
}

export type FreeAllowanceKey =
  'cloudwatchDashboards' | 'cloudwatchAlarmMetrics' | 'cloudwatchMetrics' | 'logsIngestion' | 'logsStorage';

const allowance = (label: string, quantity: number, covers: RegionalPriceKey, terms: string): FreeAllowance => ({
  label,
  quantity,
  covers,
  terms,
  source: `${PAGE.cloudwatch} (Free tier)`,
  date: RECORDED,
});

/** CloudWatch's always-free tier, per account and month. */
export const FREE_ALLOWANCES: Readonly<Record<FreeAllowanceKey, FreeAllowance>> = {
  cloudwatchDashboards: allowance(
    '3 dashboards',
    3,
    'cloudwatchDashboardMonth',
    '3 dashboards for up to 50 metrics per month; a dashboard with more metrics is billed',
  ),
  cloudwatchAlarmMetrics: allowance(
    '10 alarm metrics',
    10,
    'cloudwatchAlarmMetricMonth',
    '10 alarm metrics, not applicable to high-resolution alarms',
  ),
  cloudwatchMetrics: allowance(
    '10 metrics',
    10,
    'cloudwatchMetricMonth',
    '10 metrics: custom metrics and detailed-monitoring metrics together',
  ),
  logsIngestion: allowance('5 GB log ingestion', 5, 'logsIngestGb', '5 GB of log data ingestion (Standard class)'),
  logsStorage: allowance('5 GB-month log storage', 5, 'logsStorageGbMonth', '5 GB of log data archive (storage)'),
};

const GLOBAL_KEYS = new Set<string>(Object.keys(GLOBAL_PRICES));

export function isPricedRegion(region: string): region is PricedRegion {
  return (PRICED_REGIONS as readonly string[]).includes(region);
}

export interface PriceLookup extends Price {
  readonly key: PriceKey;
  /** The Region whose row was used, or `global`. */
  readonly region: string;
}

/** The price of `key` in `region`; a Region the table does not hold is an error naming it. */
export function priceOf(key: PriceKey, region: string): PriceLookup {
  if (GLOBAL_KEYS.has(key)) return { ...GLOBAL_PRICES[key as GlobalPriceKey], key, region: GLOBAL };
  if (!isPricedRegion(region)) {
    throw new Error(
      `No prices for Region ${region} in cost/price-table.ts (it holds ${PRICED_REGIONS.join(', ')}): add its rows.`,
    );
  }
  return { ...REGIONAL_PRICES[region][key as RegionalPriceKey], key, region };
}
