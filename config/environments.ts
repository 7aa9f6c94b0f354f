import type { CiConfig, EnvironmentConfig, StateBackendConfig } from './types';

/**
 * The example account, zone and repository below are placeholders: replace them with yours before `cdktf deploy`.
 * The examples keep everything in one account; each environment (and the state bucket) may name its own.
 * Everything a plan needs is literal here (account, AZ names, zone id), so `terraform plan` runs without lookups.
 */
const ACCOUNT_ID = '123456789012';
const REGION = 'eu-west-1';
const ZONE = { zoneName: 'shortlinks.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' };

export const stateBackend: StateBackendConfig = {
  accountId: ACCOUNT_ID,
  region: REGION,
  bucket: `shortlinks-tfstate-${ACCOUNT_ID}-${REGION}`,
  noncurrentVersionRetentionDays: 90,
};

/** The repository whose workflows deploy (the state stack makes its OIDC roles). */
export const ci: CiConfig = {
  repository: { owner: 'example-org', name: 'shortlinks' },
};

export const dev: EnvironmentConfig = {
  name: 'dev',
  production: false,
  accountId: ACCOUNT_ID,
  githubEnvironment: 'dev',
  region: REGION,
  dns: { ...ZONE, appDomain: `dev.${ZONE.zoneName}`, originDomain: `origin-dev.${ZONE.zoneName}` },
  network: {
    vpcCidr: '10.10.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    // No way out of the VPC: the tasks reach ECR and CloudWatch Logs through endpoints, in one AZ (a dev outage in
    // that AZ stops image pulls and logs; two more endpoint AZs would cost 24 USD a month).
    natMode: 'none',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'],
    interfaceEndpointAzCount: 1,
    flowLogRetentionDays: 30,
  },
  service: {
    cpu: 256,
    memory: 512,
    desiredCount: 1,
    minCapacity: 1,
    maxCapacity: 3,
    cpuTargetPercent: 60,
    memoryTargetPercent: 75,
    redirectStatus: 302,
    logRetentionDays: 14,
    cpuArchitecture: 'ARM64',
    // Dev tolerates a Spot interruption (ECS starts a replacement) and does without Container Insights.
    capacityProvider: 'FARGATE_SPOT',
    containerInsights: 'disabled',
  },
  api: { throttleBurstLimit: 100, throttleRateLimit: 50 },
  edge: {
    wafRateLimit: 1000,
    priceClass: 'PriceClass_100',
    logRetentionDays: 30,
    wafLoggedRequests: 'blocked-and-counted',
  },
  // Developers, CI smoke tests and a few testers.
  traffic: { requestsPerMonth: 300_000, cacheHitRate: 0.5, averageResponseBytes: 700 },
  // Nobody is paged for dev; its alarms still roll back bad releases and show on the dashboard.
  operations: { alarmEmails: [] },
};

export const prod: EnvironmentConfig = {
  name: 'prod',
  production: true,
  accountId: ACCOUNT_ID,
  githubEnvironment: 'production',
  region: REGION,
  dns: { ...ZONE, appDomain: `app.${ZONE.zoneName}`, originDomain: `origin.${ZONE.zoneName}` },
  network: {
    vpcCidr: '10.20.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    // Every API the tasks call has an endpoint in every AZ, so NAT gateways would carry nothing: none, and no path out.
    natMode: 'none',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'],
    flowLogRetentionDays: 365,
  },
  service: {
    cpu: 512,
    memory: 1024,
    desiredCount: 3,
    minCapacity: 3,
    maxCapacity: 12,
    cpuTargetPercent: 50,
    memoryTargetPercent: 70,
    redirectStatus: 301,
    logRetentionDays: 90,
    cpuArchitecture: 'ARM64',
    capacityProvider: 'FARGATE',
    containerInsights: 'enabled',
  },
  api: { throttleBurstLimit: 2000, throttleRateLimit: 1000 },
  edge: {
    wafRateLimit: 2000,
    priceClass: 'PriceClass_All',
    logRetentionDays: 365,
    wafLoggedRequests: 'blocked-and-counted',
  },
  // About a million redirects a day; CloudFront answers most from its cache (redirects carry Cache-Control).
  traffic: { requestsPerMonth: 30_000_000, cacheHitRate: 0.85, averageResponseBytes: 600 },
  // A placeholder address in the example zone: replace it with the on-call list.
  operations: { alarmEmails: [`alarms@${ZONE.zoneName}`] },
};

/** Every environment `main.ts` synthesizes, in deploy order. */
export const environments: readonly EnvironmentConfig[] = [dev, prod];
