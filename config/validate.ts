import { cidrsOverlap, parseCidr, type Ipv4Cidr } from '../lib/cidr';
import { isEmailAddress } from '../lib/email-address';
import { LOG_RETENTION_DAYS } from '../lib/log-retention';
import { PRICE_CLASSES, WAF_LOGGED_REQUESTS } from '../lib/cloudfront';
import { INTERFACE_ENDPOINT_SERVICES, NAT_MODES } from '../lib/network-options';
import { productionServiceProblems } from '../lib/production-service';
import { trafficProfileProblems } from '../lib/traffic-profile';
import { alarmOverridesProblems } from '../lib/alarms/settings';
import type { CiConfig, EnvironmentConfig, StateBackendConfig } from './types';

/** Thrown when config is invalid; lists every problem, each as `<environment>: <field>: <reason>`. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const NAME_PATTERN = /^[a-z][a-z0-9-]{1,19}$/;
const ACCOUNT_PATTERN = /^\d{12}$/;
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const HOSTED_ZONE_PATTERN = /^Z[A-Z0-9]{1,31}$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** Smallest VPC that fits the subnet plan (16 subnets of /28 at least). */
const SMALLEST_VPC_PREFIX = 24;
const LARGEST_VPC_PREFIX = 16;
const MIN_AZS = 2;
const MAX_AZS = 3;

type Report = (field: string, reason: string) => void;

export function isDomainName(name: string): boolean {
  if (name.length > 253 || name !== name.toLowerCase()) return false;
  const labels = name.split('.');
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label)) && /[a-z]/.test(labels.at(-1)!);
}

function isInteger(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function checkInteger(report: Report, field: string, value: unknown, min: number, max: number): void {
  if (!isInteger(value, min, max)) report(field, `must be a whole number from ${min} to ${max}, got ${String(value)}`);
}

function checkRetention(report: Report, field: string, value: number): void {
  if (!LOG_RETENTION_DAYS.includes(value)) {
    report(field, `${value} is not a CloudWatch Logs retention period; use one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
}

function checkOneOf<T extends string | number>(report: Report, field: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) report(field, `"${value}" is not one of ${allowed.map((v) => `"${v}"`).join(', ')}`);
}

function checkNetwork(env: EnvironmentConfig, report: Report): void {
  const { network } = env;
  const cidr = parseCidr(network.vpcCidr);
  if (typeof cidr === 'string') report('network.vpcCidr', cidr);
  else if (cidr.prefixLength < LARGEST_VPC_PREFIX || cidr.prefixLength > SMALLEST_VPC_PREFIX) {
    report(
      'network.vpcCidr',
      `prefix /${cidr.prefixLength} is outside /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}`,
    );
  }
  const zones = network.availabilityZones;
  if (zones.length < MIN_AZS || zones.length > MAX_AZS) {
    report(
      'network.availabilityZones',
      `needs ${MIN_AZS} to ${MAX_AZS} AZs for high availability, got ${zones.length}`,
    );
  }
  if (new Set(zones).size !== zones.length) report('network.availabilityZones', 'lists an AZ twice');
  for (const zone of zones) {
    if (!new RegExp(`^${env.region}[a-z]$`).test(zone)) {
      report(
        'network.availabilityZones',
        `"${zone}" is not an AZ of region ${env.region} (expected ${env.region}a, ${env.region}b, ...)`,
      );
    }
  }
  checkOneOf(report, 'network.natMode', network.natMode, NAT_MODES);
  for (const endpoint of network.interfaceEndpoints) {
    checkOneOf(report, 'network.interfaceEndpoints', endpoint, INTERFACE_ENDPOINT_SERVICES);
  }
  checkRetention(report, 'network.flowLogRetentionDays', network.flowLogRetentionDays);
  if (network.interfaceEndpointAzCount !== undefined) {
    checkInteger(report, 'network.interfaceEndpointAzCount', network.interfaceEndpointAzCount, 1, zones.length);
  }
}

function checkDns(env: EnvironmentConfig, report: Report): void {
  const { dns } = env;
  if (!isDomainName(dns.zoneName)) report('dns.zoneName', `"${dns.zoneName}" is not a lowercase domain name`);
  if (!HOSTED_ZONE_PATTERN.test(dns.hostedZoneId)) {
    report(
      'dns.hostedZoneId',
      `"${dns.hostedZoneId}" is not a Route 53 hosted zone id (Z followed by letters and digits)`,
    );
  }
  for (const field of ['appDomain', 'originDomain'] as const) {
    const name = dns[field];
    if (!isDomainName(name)) report(`dns.${field}`, `"${name}" is not a lowercase domain name`);
    else if (!name.endsWith(`.${dns.zoneName}`)) report(`dns.${field}`, `"${name}" is not inside zone ${dns.zoneName}`);
  }
  if (dns.appDomain === dns.originDomain) report('dns.originDomain', 'must differ from dns.appDomain');
}

/**
 * Value ranges only. Whether cpu/memory is a Fargate size and whether production keeps 2 tasks are checked by
 * the container-service construct at synth (modules are reusable without this config), naming its path.
 */
function checkService(env: EnvironmentConfig, report: Report): void {
  const { service } = env;
  checkInteger(report, 'service.cpu', service.cpu, 256, 16384);
  checkInteger(report, 'service.memory', service.memory, 512, 122880);
  checkInteger(report, 'service.minCapacity', service.minCapacity, 1, 1000);
  checkInteger(report, 'service.maxCapacity', service.maxCapacity, 1, 1000);
  checkInteger(report, 'service.desiredCount', service.desiredCount, 1, 1000);
  if (service.minCapacity > service.maxCapacity) {
    report('service.maxCapacity', `${service.maxCapacity} is below service.minCapacity ${service.minCapacity}`);
  }
  if (service.desiredCount < service.minCapacity || service.desiredCount > service.maxCapacity) {
    report('service.desiredCount', `${service.desiredCount} is outside minCapacity..maxCapacity`);
  }
  checkInteger(report, 'service.cpuTargetPercent', service.cpuTargetPercent, 10, 90);
  checkInteger(report, 'service.memoryTargetPercent', service.memoryTargetPercent, 10, 90);
  checkOneOf(report, 'service.redirectStatus', service.redirectStatus, [301, 302]);
  checkRetention(report, 'service.logRetentionDays', service.logRetentionDays);
  checkOneOf(report, 'service.cpuArchitecture', service.cpuArchitecture, ['X86_64', 'ARM64']);
  checkOneOf(report, 'service.capacityProvider', service.capacityProvider, ['FARGATE', 'FARGATE_SPOT']);
  checkOneOf(report, 'service.containerInsights', service.containerInsights, ['enabled', 'enhanced', 'disabled']);
}

/** The cost knobs that trade resilience or visibility for money stay out of production. */
function checkCostKnobs(env: EnvironmentConfig, report: Report): void {
  if (!env.production) return;
  for (const { setting, reason } of productionServiceProblems(env.service)) report(`service.${setting}`, reason);
  const endpointAzs = env.network.interfaceEndpointAzCount;
  if (endpointAzs !== undefined && endpointAzs < env.network.availabilityZones.length) {
    report(
      'network.interfaceEndpointAzCount',
      'production keeps an interface endpoint in every AZ, so one AZ can fail',
    );
  }
}

/** A role ARN in `accountId` (roles may have paths). */
function checkRoleArn(report: Report, field: string, arn: string | undefined, accountId: string): void {
  if (arn === undefined) return;
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/.exec(arn);
  if (!match) report(field, `"${arn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
  else if (match[1] !== accountId) report(field, `"${arn}" is in account ${match[1]}, not in accountId ${accountId}`);
}

function checkDelivery(env: EnvironmentConfig, report: Report): void {
  checkRoleArn(report, 'assumeRoleArn', env.assumeRoleArn, env.accountId);
  // GitHub environment names: up to 255 characters, no wildcards (the apply role's trust must name one).
  if (!/^[A-Za-z0-9_.-][A-Za-z0-9 _.-]{0,254}$/.test(env.githubEnvironment ?? '')) {
    report('githubEnvironment', `"${env.githubEnvironment}" is not a GitHub environment name (letters, digits, - _ .)`);
  }
  const rotation = env.originSecretRotation;
  if (rotation) {
    checkInteger(report, 'originSecretRotation.generation', rotation.generation, 0, 1_000_000);
    checkOneOf(report, 'originSecretRotation.phase', rotation.phase, ['steady', 'switching']);
    if (rotation.phase === 'switching' && rotation.generation === 0) {
      report('originSecretRotation.phase', '"switching" needs a previous generation: raise generation to 1 or more');
    }
  }
}

function checkApiAndEdge(env: EnvironmentConfig, report: Report): void {
  checkInteger(report, 'api.throttleBurstLimit', env.api.throttleBurstLimit, 1, 5000);
  checkInteger(report, 'api.throttleRateLimit', env.api.throttleRateLimit, 1, 10000);
  const jwt = env.api.jwt;
  if (jwt) {
    if (!/^https:\/\/[^\s/]+/.test(jwt.issuer)) report('api.jwt.issuer', `"${jwt.issuer}" is not an https URL`);
    if (jwt.audience.length === 0) report('api.jwt.audience', 'needs at least one audience');
  }
  checkInteger(report, 'edge.wafRateLimit', env.edge.wafRateLimit, 100, 2_000_000_000);
  checkOneOf(report, 'edge.priceClass', env.edge.priceClass, PRICE_CLASSES);
  checkRetention(report, 'edge.logRetentionDays', env.edge.logRetentionDays);
  checkOneOf(report, 'edge.wafLoggedRequests', env.edge.wafLoggedRequests, WAF_LOGGED_REQUESTS);
  for (const { field, reason } of trafficProfileProblems(env.traffic)) report(`traffic.${field}`, reason);
}

/** Every problem in one environment, as `<env>: <field>: <reason>`. */
function checkOperations(env: EnvironmentConfig, report: Report): void {
  const { alarmEmails, alarmOverrides } = env.operations;
  for (const email of alarmEmails.filter((e) => !isEmailAddress(e))) {
    report('operations.alarmEmails', `"${email}" is not an e-mail address`);
  }
  if (new Set(alarmEmails).size !== alarmEmails.length) report('operations.alarmEmails', 'lists an address twice');
  for (const problem of alarmOverridesProblems(alarmOverrides ?? {})) report('operations.alarmOverrides', problem);
}

export function environmentProblems(env: EnvironmentConfig): string[] {
  const problems: string[] = [];
  const label = env.name || '(unnamed)';
  const report: Report = (field, reason) => problems.push(`${label}: ${field}: ${reason}`);
  if (!NAME_PATTERN.test(env.name)) {
    report('name', `"${env.name}" must be 2-20 lowercase letters, digits or hyphens, starting with a letter`);
  }
  if (!ACCOUNT_PATTERN.test(env.accountId)) report('accountId', `"${env.accountId}" is not a 12-digit AWS account id`);
  if (!REGION_PATTERN.test(env.region)) report('region', `"${env.region}" is not an AWS Region name like eu-west-1`);
  checkNetwork(env, report);
  checkDns(env, report);
  checkService(env, report);
  checkCostKnobs(env, report);
  checkApiAndEdge(env, report);
  checkDelivery(env, report);
  checkOperations(env, report);
  return problems;
}

/** Throws ConfigError unless `env` is valid. */
export function validateEnvironment(env: EnvironmentConfig): void {
  const problems = environmentProblems(env);
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * What environments must not share: names and (possibly peered) VPC ranges. Each environment's own fields are
 * validated by its stack (validateEnvironment); a malformed CIDR is reported there, not here.
 */
export function validateEnvironments(envs: readonly EnvironmentConfig[]): void {
  const problems: string[] = [];
  const names = new Set<string>();
  const githubEnvironments = new Set<string>();
  const ranges: Array<{ name: string; cidr: Ipv4Cidr; text: string }> = [];
  for (const env of envs) {
    if (names.has(env.name)) problems.push(`${env.name}: name: used by two environments`);
    names.add(env.name);
    if (githubEnvironments.has(env.githubEnvironment)) {
      problems.push(
        `${env.name}: githubEnvironment: "${env.githubEnvironment}" is used by two environments (each apply role trusts one)`,
      );
    }
    githubEnvironments.add(env.githubEnvironment);
    const cidr = parseCidr(env.network.vpcCidr);
    if (typeof cidr === 'string') continue;
    for (const other of ranges) {
      if (cidrsOverlap(cidr, other.cidr)) {
        problems.push(
          `${env.name}: network.vpcCidr: ${env.network.vpcCidr} overlaps ${other.text} of environment ${other.name}`,
        );
      }
    }
    ranges.push({ name: env.name, cidr, text: env.network.vpcCidr });
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

export function validateStateBackend(state: StateBackendConfig): void {
  const problems: string[] = [];
  const report: Report = (field, reason) => problems.push(`state: ${field}: ${reason}`);
  if (!ACCOUNT_PATTERN.test(state.accountId))
    report('accountId', `"${state.accountId}" is not a 12-digit AWS account id`);
  if (!REGION_PATTERN.test(state.region))
    report('region', `"${state.region}" is not an AWS Region name like eu-west-1`);
  if (!/^(?!xn--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(state.bucket)) {
    report('bucket', `"${state.bucket}" is not a valid S3 bucket name (3-63 lowercase letters, digits, hyphens)`);
  }
  checkInteger(report, 'noncurrentVersionRetentionDays', state.noncurrentVersionRetentionDays, 1, 3650);
  checkRoleArn(report, 'assumeRoleArn', state.assumeRoleArn, state.accountId);
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Throws ConfigError unless the CI settings name one repository and well-formed provider ARNs. */
export function validateCi(ci: CiConfig): void {
  const problems: string[] = [];
  const report: Report = (field, reason) => problems.push(`ci: ${field}: ${reason}`);
  const { owner, name } = ci.repository;
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(owner)) {
    report('repository.owner', `"${owner}" is not a GitHub user or organization name (no wildcards)`);
  }
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) {
    report('repository.name', `"${name}" is not a GitHub repository name (no wildcards)`);
  }
  for (const [account, arn] of Object.entries(ci.existingOidcProviderArns ?? {})) {
    const expected = `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
    if (!ACCOUNT_PATTERN.test(account)) report('existingOidcProviderArns', `"${account}" is not a 12-digit account id`);
    else if (arn !== expected) report(`existingOidcProviderArns.${account}`, `"${arn}" should be ${expected}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
