/**
 * Override files that let `terraform plan` run on a synthesized stack with no AWS account: the backend
 * becomes a local state file in the scratch directory, and every aws provider configuration (default and
 * aliases) gets stub credentials and skips every call that would need real ones. Terraform merges an
 * override's provider block into the primary one with the same name and alias, so region, default tags
 * and the rest stay as synthesized.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_TAG_VARIABLE } from '../../stacks/names';

export const BACKEND_OVERRIDE_FILE = 'backend_override.tf.json';
export const PROVIDER_OVERRIDE_FILE = 'provider_override.tf.json';
export const VARIABLES_OVERRIDE_FILE = 'variables_override.tf.json';

/**
 * Values for the variables a real plan must be given (CI passes the release's image tag): an offline plan only
 * shows what the configuration makes, so a placeholder stands in for the tag.
 */
export const OFFLINE_VARIABLE_VALUES: Readonly<Record<string, string>> = {
  [IMAGE_TAG_VARIABLE]: 'offline-plan-placeholder',
};

const STUB_CREDENTIALS = {
  access_key: 'offline-plan-stub',
  secret_key: 'offline-plan-stub',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
};

type ProviderConfig = Record<string, unknown> & { alias?: string };

/** The stack's aws provider configurations: cdktf writes a list; hand-written JSON may have one object. */
export function awsProviderConfigs(stackJson: Record<string, unknown>): ProviderConfig[] {
  const providers = stackJson.provider as Record<string, unknown> | undefined;
  const aws = providers?.aws;
  if (aws === undefined) return [];
  const configs = Array.isArray(aws) ? aws : [aws];
  for (const config of configs) {
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new Error(`provider.aws must hold objects, got ${JSON.stringify(config)}.`);
    }
  }
  return configs as ProviderConfig[];
}

/** `terraform.backend` replaced by a local backend whose state file is `stateFile`. */
export function backendOverride(stateFile: string): object {
  return { terraform: { backend: { local: { path: stateFile } } } };
}

/**
 * One override per aws provider configuration, matched by alias. Only configurations the stack declares
 * may be overridden (Terraform rejects an override without a base), so a stack without any gets none.
 * `allowed_account_ids` is dropped because with no account id requested the provider cannot check it, and a
 * configured `assume_role` is emptied because assuming a role needs STS.
 */
export function providerOverride(stackJson: Record<string, unknown>): object | undefined {
  const configs = awsProviderConfigs(stackJson);
  if (configs.length === 0) return undefined;
  const overrides = configs.map((config) => ({
    ...(config.alias === undefined ? {} : { alias: config.alias }),
    ...STUB_CREDENTIALS,
    allowed_account_ids: null,
    // A configured role would be assumed through STS; the provider skips assume_role when its role_arn is empty.
    ...(config.assume_role === undefined ? {} : { assume_role: [{ role_arn: '' }] }),
  }));
  return { provider: { aws: overrides } };
}

/** Placeholder defaults for the stack's declared variables that have none (Terraform rejects overriding others). */
export function variablesOverride(stackJson: Record<string, unknown>): object | undefined {
  const declared = (stackJson.variable ?? {}) as Record<string, Record<string, unknown>>;
  const placeholders = Object.entries(OFFLINE_VARIABLE_VALUES).filter(
    ([name]) => declared[name] !== undefined && !('default' in declared[name]),
  );
  if (placeholders.length === 0) return undefined;
  return { variable: Object.fromEntries(placeholders.map(([name, value]) => [name, { default: value }])) };
}

/** Writes the override files into `workDir`, the scratch copy of the stack. */
export function writeOfflineOverrides(workDir: string, stackJson: Record<string, unknown>, stateFile: string): void {
  writeFileSync(join(workDir, BACKEND_OVERRIDE_FILE), JSON.stringify(backendOverride(stateFile), null, 2));
  const providers = providerOverride(stackJson);
  if (providers) writeFileSync(join(workDir, PROVIDER_OVERRIDE_FILE), JSON.stringify(providers, null, 2));
  const variables = variablesOverride(stackJson);
  if (variables) writeFileSync(join(workDir, VARIABLES_OVERRIDE_FILE), JSON.stringify(variables, null, 2));
}
