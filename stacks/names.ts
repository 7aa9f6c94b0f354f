/** Stack names other tools key on (plan order, policy rules for the state bucket). No imports: scripts load it. */
export const STATE_STACK_NAME = 'state';

/** The Terraform variable that names the service image tag a platform stack runs (CI: TF_VAR_image_tag). */
export const IMAGE_TAG_VARIABLE = 'image_tag';

/** Prefix of every name a platform stack chooses (table, repository, buckets, cluster): `shortlinks-<env>`. */
export function platformNamePrefix(environment: string): string {
  return `shortlinks-${environment}`;
}

/** Key prefix of every platform stack's state object in the state bucket. */
export const PLATFORM_STATE_PREFIX = 'platform/';

/** The state object key of a platform stack. */
export function platformStateKey(stack: string): string {
  return `${PLATFORM_STATE_PREFIX}${stack}/terraform.tfstate`;
}
