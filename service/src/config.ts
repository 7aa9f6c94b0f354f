import { ENV } from './contract';
import { SETTINGS, type Setting, type Settings } from './env';

export type RedirectStatus = Settings['redirectStatus'];

/** The validated environment (declared in env.ts: one field per variable). */
export type Config = Settings;

export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown with every problem found, so one start shows all of them. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads every variable SETTINGS declares; an unset or blank one takes its default. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const read = <T>(name: string, setting: Setting<T>): T => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') {
      if (setting.required) problems.push(`${name} is required (${setting.shape})`);
      return setting.fallback;
    }
    const value = setting.parse(raw);
    if (value !== undefined) return value;
    problems.push(`${name} must be ${setting.shape} (got '${raw}')`);
    return setting.fallback;
  };
  const config = Object.fromEntries(
    Object.entries(SETTINGS).map(([key, setting]) => [
      key,
      read(ENV[key as keyof typeof ENV], setting as Setting<unknown>),
    ]),
  ) as unknown as Config;
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
