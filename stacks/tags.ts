/** Tags every resource of a stack carries, through the provider's `default_tags`. */
export function defaultTags(environment: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { Project: 'shortlinks', Environment: environment, ManagedBy: 'cdktf', ...extra };
}
