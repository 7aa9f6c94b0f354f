import { ENV, SERVICE_PORT, SHUTDOWN_TIMEOUT_SECONDS } from './contract';
import { LOG_LEVELS, type LogLevel } from './logger';

export type RedirectStatus = 301 | 302;

export interface Config {
  readonly port: number;
  readonly tableName: string;
  readonly region: string;
  /** Unset means the SDK's regional AWS endpoint. */
  readonly dynamodbEndpoint: string | undefined;
  /** Origin the short links are served from, e.g. https://app.example.com (no path). */
  readonly publicBaseUrl: URL;
  readonly redirectStatus: RedirectStatus;
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutMs: number;
  /** Upper bound of `max-age` on redirects (CloudFront and browsers cache them this long). */
  readonly redirectMaxAgeSeconds: number;
  /** How long this process reuses a link it read; 0 turns the in-process cache off. */
  readonly linkCacheTtlMs: number;
  readonly linkCacheMaxEntries: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown with every problem found, so one start shows all of them. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const MAX_SHUTDOWN_TIMEOUT_MS = SHUTDOWN_TIMEOUT_SECONDS * 1000;
const TABLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got '${raw}')`);
      return fallback;
    }
    return value;
  };
  const required = (name: string, pattern: RegExp, shape: string): string => {
    const raw = read(name);
    if (raw === undefined) problems.push(`${name} is required (${shape})`);
    else if (!pattern.test(raw)) problems.push(`${name} must be ${shape} (got '${raw}')`);
    return raw ?? '';
  };

  const tableName = required(ENV.tableName, TABLE_NAME_PATTERN, 'a DynamoDB table name, 3-255 of [A-Za-z0-9_.-]');
  const region = required(ENV.region, REGION_PATTERN, 'an AWS Region such as eu-west-1');
  const config: Config = {
    port: integer(ENV.port, SERVICE_PORT, 0, 65535),
    tableName,
    region,
    dynamodbEndpoint: parseEndpoint(read(ENV.dynamodbEndpoint), problems),
    publicBaseUrl: parsePublicBaseUrl(read(ENV.publicBaseUrl), problems),
    redirectStatus: parseRedirectStatus(read(ENV.redirectStatus), problems),
    logLevel: parseLogLevel(read(ENV.logLevel), problems),
    shutdownTimeoutMs: integer(ENV.shutdownTimeoutMs, MAX_SHUTDOWN_TIMEOUT_MS, 1, MAX_SHUTDOWN_TIMEOUT_MS),
    redirectMaxAgeSeconds: integer(ENV.redirectMaxAgeSeconds, 300, 0, 86_400),
    linkCacheTtlMs: integer(ENV.linkCacheTtlMs, 5_000, 0, 60_000),
    linkCacheMaxEntries: integer(ENV.linkCacheMaxEntries, 10_000, 1, 1_000_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function parseEndpoint(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    problems.push(`${ENV.dynamodbEndpoint} must be an http(s) URL such as http://127.0.0.1:8000 (got '${raw}')`);
    return undefined;
  }
  return raw;
}

function parsePublicBaseUrl(raw: string | undefined, problems: string[]): URL {
  const fallback = new URL('http://invalid.localhost');
  const shape = 'an http(s) origin without path, query or credentials, such as https://app.example.com';
  if (raw === undefined) {
    problems.push(`${ENV.publicBaseUrl} is required (${shape})`);
    return fallback;
  }
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const isOrigin =
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === '';
  if (!isOrigin) {
    problems.push(`${ENV.publicBaseUrl} must be ${shape} (got '${raw}')`);
    return fallback;
  }
  return url;
}

function parseRedirectStatus(raw: string | undefined, problems: string[]): RedirectStatus {
  if (raw === undefined || raw === '302') return 302;
  if (raw === '301') return 301;
  problems.push(`${ENV.redirectStatus} must be 301 or 302 (got '${raw}')`);
  return 302;
}

function parseLogLevel(raw: string | undefined, problems: string[]): LogLevel {
  if (raw === undefined) return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === raw.toLowerCase());
  if (level === undefined) problems.push(`${ENV.logLevel} must be one of ${LOG_LEVELS.join(', ')} (got '${raw}')`);
  return level ?? 'info';
}
