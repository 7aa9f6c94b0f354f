/**
 * The shape of one deployment environment. Every per-environment value lives here, so modules stay free of
 * environment knowledge and a reviewer finds every number in one place.
 */

import type { JwtAuthorizerProps } from '../modules/api';
import type { AlarmOverrides } from '../lib/alarms/settings';
import type { PriceClass, WafLoggedRequests } from '../lib/cloudfront';
import type { ServiceCostKnobs } from '../lib/production-service';
import type { InterfaceEndpointService, NatMode } from '../lib/network-options';
import type { TrafficProfile } from '../lib/traffic-profile';
import type { OriginSecretRotation } from '../modules/shared/origin-secret';

export type { InterfaceEndpointService, NatMode, OriginSecretRotation, PriceClass };
/** Issuer and audiences of the JWT authorizer on write routes. */
export type JwtAuthConfig = JwtAuthorizerProps;

export interface DnsConfig {
  /** The public hosted zone, e.g. `example.com`. */
  readonly zoneName: string;
  /** Its Route 53 id, taken from config so that plans need no AWS lookup. */
  readonly hostedZoneId: string;
  /** Public name CloudFront serves, inside the zone (e.g. `app.example.com`). */
  readonly appDomain: string;
  /** Regional name of API Gateway, CloudFront's origin and the ALB certificate's name (e.g. `origin.example.com`). */
  readonly originDomain: string;
}

export interface NetworkConfig {
  /** IPv4 CIDR of the VPC, /16 to /24. Subnets are carved from it. */
  readonly vpcCidr: string;
  /** Literal AZ names in the Region (2 or 3), so that plans need no AZ lookup. */
  readonly availabilityZones: readonly string[];
  readonly natMode: NatMode;
  /** Interface endpoints to create (each costs per hour and per AZ); empty uses NAT for those APIs. */
  readonly interfaceEndpoints: readonly InterfaceEndpointService[];
  /** AZs the interface endpoints span, from the first. Default: every AZ. */
  readonly interfaceEndpointAzCount?: number;
  /** Retention of VPC flow logs in days. */
  readonly flowLogRetentionDays: number;
}

export interface ServiceConfig {
  /** Fargate task CPU units (256, 512, 1024, ...). Checked against the valid Fargate pairs at synth. */
  readonly cpu: number;
  /** Fargate task memory in MiB. */
  readonly memory: number;
  /** Tasks at first create; autoscaling owns the count afterwards. */
  readonly desiredCount: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Target average CPU utilization (percent) for target tracking. */
  readonly cpuTargetPercent: number;
  /** Target average memory utilization (percent) for target tracking. */
  readonly memoryTargetPercent: number;
  /** 301 (permanent, cached by browsers) or 302 (temporary). */
  readonly redirectStatus: 301 | 302;
  /** Retention of application and access logs in days. */
  readonly logRetentionDays: number;
  /** What the task definition declares, and so what CI builds the image for. ARM64 (Graviton) costs about 20% less. */
  readonly cpuArchitecture: 'X86_64' | 'ARM64';
  /** `FARGATE_SPOT` costs about a third of `FARGATE`; AWS may stop a task at two minutes' notice. Not in production. */
  readonly capacityProvider: NonNullable<ServiceCostKnobs['capacityProvider']>;
  /** Container Insights metrics (billed as custom metrics); `disabled` only outside production. */
  readonly containerInsights: NonNullable<ServiceCostKnobs['containerInsights']>;
}

export interface ApiConfig {
  readonly throttleBurstLimit: number;
  readonly throttleRateLimit: number;
  /** When set, write routes (POST, DELETE) require a JWT from this issuer. */
  readonly jwt?: JwtAuthConfig;
}

export interface EdgeConfig {
  /** Requests per client IP per 5-minute window before WAF blocks. */
  readonly wafRateLimit: number;
  readonly priceClass: PriceClass;
  readonly logRetentionDays: number;
  /** `blocked-and-counted` logs what a WAF rule acted on; allowed requests are in CloudFront's access logs anyway. */
  readonly wafLoggedRequests: WafLoggedRequests;
}

/** Who hears of alarms, and when alarms fire. */
export interface OperationsConfig {
  /**
   * Addresses subscribed by e-mail to both alarm topics (home Region and us-east-1); each confirms once. Empty: nobody
   * is mailed, yet alarms still roll a bad release back and show on the dashboard.
   */
  readonly alarmEmails: readonly string[];
  /**
   * Threshold and window per alarm, where an environment needs other values than the defaults documented in
   * `DEFAULT_ALARM_SETTINGS` (lib/alarms/settings.ts). Default: none, every alarm keeps its defaults.
   */
  readonly alarmOverrides?: AlarmOverrides;
}

export interface EnvironmentConfig {
  /** Stack name and resource name prefix: lowercase letters, digits and hyphens. */
  readonly name: string;
  /** Turns on deletion protection and the production-only policy rules. */
  readonly production: boolean;
  /** 12-digit AWS account id; the provider refuses to run against any other account. */
  readonly accountId: string;
  /**
   * Role in `accountId` the providers assume (e.g. from a workstation's hub-account credentials). Default: none,
   * the credentials are already in the account, as CI's OIDC roles are.
   */
  readonly assumeRoleArn?: string;
  /**
   * The GitHub deployment environment whose jobs deploy this environment (`production` carries the approval);
   * the environment's CI apply role trusts only jobs running in it.
   */
  readonly githubEnvironment: string;
  readonly region: string;
  /** Where a rotation of the origin-verify secret stands (see OriginSecretRotation). Default: generation 0, steady. */
  readonly originSecretRotation?: OriginSecretRotation;
  readonly dns: DnsConfig;
  readonly network: NetworkConfig;
  readonly service: ServiceConfig;
  readonly api: ApiConfig;
  readonly edge: EdgeConfig;
  readonly operations: OperationsConfig;
  /** The month this environment expects, which `npm run cost` prices beside idle. */
  readonly traffic: TrafficProfile;
  /** Extra default tags on every resource. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Where every platform stack keeps its Terraform state. Created by the `state` stack. */
export interface StateBackendConfig {
  /** The bucket's account; may differ from the environments' accounts. */
  readonly accountId: string;
  /** Role in `accountId` the state stack's provider assumes. Default: none (credentials already there). */
  readonly assumeRoleArn?: string;
  readonly region: string;
  /** Globally unique S3 bucket name. */
  readonly bucket: string;
  /** Days a noncurrent state version is kept before expiry. */
  readonly noncurrentVersionRetentionDays: number;
}

/** Who may deploy: the GitHub repository whose workflows get the CI roles (see modules/ci-access). */
export interface CiConfig {
  /** The one repository trusted; never a wildcard. */
  readonly repository: { readonly owner: string; readonly name: string };
  /**
   * Accounts that already have GitHub's OIDC provider (IAM allows one per URL), by account id → provider ARN.
   * Default: none, so the state stack creates the provider in every account that hosts an environment.
   */
  readonly existingOidcProviderArns?: Readonly<Record<string, string>>;
}
