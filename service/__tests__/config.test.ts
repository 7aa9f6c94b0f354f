import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { ENV, SHUTDOWN_TIMEOUT_SECONDS } from '../src/contract';
import { SETTINGS } from '../src/env';

const minimal = { TABLE_NAME: 'shortlinks-prod', AWS_REGION: 'eu-west-1', PUBLIC_BASE_URL: 'https://app.example.com' };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

it('fills in the documented defaults', () => {
  const config = loadConfig(minimal);
  expect(config).toEqual({
    port: 3000,
    tableName: 'shortlinks-prod',
    region: 'eu-west-1',
    dynamodbEndpoint: undefined,
    publicBaseUrl: new URL('https://app.example.com'),
    redirectStatus: 302,
    logLevel: 'info',
    shutdownTimeoutMs: SHUTDOWN_TIMEOUT_SECONDS * 1000,
    redirectMaxAgeSeconds: 300,
    linkCacheTtlMs: 5000,
    linkCacheMaxEntries: 10000,
    ownHostnames: [],
    retiredSlugDays: 30,
    dynamodbTimeoutMs: 10000,
  });
});

it('reads every variable', () => {
  const config = loadConfig({
    ...minimal,
    PORT: '8080',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    REDIRECT_STATUS: '301',
    LOG_LEVEL: 'WARN',
    SHUTDOWN_TIMEOUT_MS: '1500',
    REDIRECT_MAX_AGE_SECONDS: '0',
    LINK_CACHE_TTL_MS: '0',
    LINK_CACHE_MAX_ENTRIES: '5',
    OWN_HOSTNAMES: 'Origin.Example.com., api.example.com',
    RETIRED_SLUG_DAYS: '0',
    DYNAMODB_TIMEOUT_MS: '2500',
  });
  expect(config).toMatchObject({
    ownHostnames: ['origin.example.com', 'api.example.com'],
    retiredSlugDays: 0,
    dynamodbTimeoutMs: 2500,
    port: 8080,
    dynamodbEndpoint: 'http://127.0.0.1:8000',
    redirectStatus: 301,
    logLevel: 'warn',
    shutdownTimeoutMs: 1500,
    redirectMaxAgeSeconds: 0,
    linkCacheTtlMs: 0,
    linkCacheMaxEntries: 5,
  });
});

it('names every missing required variable', () => {
  expect(problemsOf({})).toEqual([
    expect.stringMatching(/^TABLE_NAME is required/),
    expect.stringMatching(/^AWS_REGION is required/),
    expect.stringMatching(/^PUBLIC_BASE_URL is required/),
  ]);
});

it.each([
  ['PORT', '70000', /PORT must be an integer from 0 to 65535 \(got '70000'\)/],
  ['PORT', '3e3', /PORT must be an integer/],
  ['TABLE_NAME', 'a b', /TABLE_NAME must be a DynamoDB table name/],
  ['AWS_REGION', 'Europe', /AWS_REGION must be an AWS Region/],
  ['DYNAMODB_ENDPOINT', 'localhost:8000', /DYNAMODB_ENDPOINT must be an http\(s\) URL/],
  ['PUBLIC_BASE_URL', 'https://app.example.com/base', /PUBLIC_BASE_URL must be an http\(s\) origin without path/],
  ['PUBLIC_BASE_URL', 'https://user:pw@app.example.com', /PUBLIC_BASE_URL must be/],
  ['REDIRECT_STATUS', '307', /REDIRECT_STATUS must be 301 or 302 \(got '307'\)/],
  ['LOG_LEVEL', 'verbose', /LOG_LEVEL must be one of debug, info, warn, error/],
  [
    'SHUTDOWN_TIMEOUT_MS',
    String(SHUTDOWN_TIMEOUT_SECONDS * 1000 + 1),
    /SHUTDOWN_TIMEOUT_MS must be an integer from 1 to 25000/,
  ],
  ['LINK_CACHE_TTL_MS', '-1', /LINK_CACHE_TTL_MS must be an integer/],
  ['OWN_HOSTNAMES', 'api.example.com,https://x.example', /OWN_HOSTNAMES must be host names separated by commas/],
  ['RETIRED_SLUG_DAYS', '3651', /RETIRED_SLUG_DAYS must be an integer from 0 to 3650/],
  ['DYNAMODB_TIMEOUT_MS', '999', /DYNAMODB_TIMEOUT_MS must be an integer from 1000 to 60000/],
])('refuses %s=%s', (name, value, message) => {
  expect(problemsOf({ ...minimal, [name]: value })).toEqual([expect.stringMatching(message)]);
});

it("the README's configuration table is the declaration in src/env.ts, row for row", () => {
  const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| variable')));
  const rows = table
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  const declared = Object.entries(SETTINGS).map(([key, setting]) => [
    `\`${ENV[key as keyof typeof ENV]}\``,
    setting.defaultText,
    setting.shape,
    setting.doc,
  ]);
  expect(rows).toEqual(declared);
});
