import { ENV, SERVICE_PORT, SHUTDOWN_TIMEOUT_SECONDS } from './contract';
import { LOG_LEVELS, type LogLevel } from './logger';

/**
 * The service's environment, declared once: for every name in the contract's ENV, what it holds, its default,
 * what values are accepted and how the text becomes a value. config.ts validates from this table; the README's
 * configuration table is checked against it by a test (config.test.ts).
 */
export interface Setting<T> {
  /** The README's "meaning" column. */
  readonly doc: string;
  /** The README's "default" column: the default in words, or `required`. */
  readonly defaultText: string;
  /** What a valid value looks like, for the error message: "an integer from 0 to 65535". */
  readonly shape: string;
  /** Unset (or blank) is an error. */
  readonly required: boolean;
  /** The value when unset. */
  readonly fallback: T;
  /** The value of a set variable, or undefined when the text is not acceptable. */
  readonly parse: (raw: string) => T | undefined;
}

function integer(doc: string, fallback: number, min: number, max: number): Setting<number> {
  return {
    doc,
    defaultText: String(fallback),
    shape: `an integer from ${min} to ${max}`,
    required: false,
    fallback,
    parse: (raw) => {
      const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
      return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
    },
  };
}

function oneOf<const T extends string | number>(doc: string, values: readonly T[], fallback: T): Setting<T> {
  return {
    doc,
    defaultText: String(fallback),
    shape: values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`,
    required: false,
    fallback,
    parse: (raw) => values.find((value) => String(value) === raw.toLowerCase()),
  };
}

function requiredText(doc: string, pattern: RegExp, shape: string): Setting<string> {
  return { doc, defaultText: 'required', shape, required: true, fallback: '', parse: (raw) => raw.match(pattern)?.[0] };
}

function httpUrl(raw: string): URL | undefined {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  return url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') ? url : undefined;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const MAX_SHUTDOWN_TIMEOUT_MS = SHUTDOWN_TIMEOUT_SECONDS * 1000;

export const SETTINGS = {
  port: integer('listening port', SERVICE_PORT, 0, 65535),
  tableName: requiredText(
    'the links table',
    /^[A-Za-z0-9_.-]{3,255}$/,
    'a DynamoDB table name, 3-255 of [A-Za-z0-9_.-]',
  ),
  region: requiredText('region of the table', /^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS Region such as eu-west-1'),
  dynamodbEndpoint: {
    doc: 'another DynamoDB-compatible server (dynalite, DynamoDB Local)',
    defaultText: 'regional AWS endpoint',
    shape: 'an http(s) URL such as http://127.0.0.1:8000',
    required: false,
    fallback: undefined,
    parse: (raw) => (httpUrl(raw) === undefined ? undefined : raw),
  } satisfies Setting<string | undefined> as Setting<string | undefined>,
  publicBaseUrl: {
    doc: 'origin of the short links, e.g. `https://app.example.com`; links to its host are refused',
    defaultText: 'required',
    shape: 'an http(s) origin without path, query or credentials, such as https://app.example.com',
    required: true,
    fallback: new URL('http://invalid.localhost'),
    parse: (raw) => {
      const url = httpUrl(raw);
      const isOrigin =
        url !== undefined &&
        url.pathname === '/' &&
        url.search === '' &&
        url.hash === '' &&
        url.username === '' &&
        url.password === '';
      return isOrigin ? url : undefined;
    },
  } satisfies Setting<URL>,
  ownHostnames: {
    doc: 'more names of this service (the API and origin domains), comma-separated: links to them are refused too',
    defaultText: 'none',
    shape: 'host names separated by commas, such as origin.example.com,api.example.com',
    required: false,
    fallback: [],
    parse: (raw) => {
      const names = raw.split(',').map((name) => name.trim().toLowerCase().replace(/\.$/, ''));
      return names.every((name) => HOSTNAME.test(name)) ? names : undefined;
    },
  } satisfies Setting<readonly string[]> as Setting<readonly string[]>,
  redirectStatus: oneOf('status of redirects', [301, 302] as const, 302),
  redirectMaxAgeSeconds: integer('`max-age` of redirects', 300, 0, 86_400),
  linkCacheTtlMs: integer('how long a process reuses a link it read (0 turns the cache off)', 5_000, 0, 60_000),
  linkCacheMaxEntries: integer('links kept in that cache, oldest dropped first', 10_000, 1, 1_000_000),
  retiredSlugDays: integer(
    'days a deleted or expired slug stays retired: nobody can create a link under it meanwhile',
    30,
    0,
    3_650,
  ),
  dynamodbTimeoutMs: integer(
    'longest a DynamoDB call may take, retries included; then the request gets 503',
    10_000,
    1_000,
    60_000,
  ),
  logLevel: oneOf('lowest level logged', LOG_LEVELS, 'info' as LogLevel),
  shutdownTimeoutMs: integer(
    'drain time after SIGTERM, at most `SHUTDOWN_TIMEOUT_SECONDS` (the ECS stop timeout is derived from it)',
    MAX_SHUTDOWN_TIMEOUT_MS,
    1,
    MAX_SHUTDOWN_TIMEOUT_MS,
  ),
} satisfies { readonly [K in keyof typeof ENV]: Setting<unknown> };

/** The parsed environment: one field per setting. */
export type Settings = { readonly [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]['fallback'] };
