/**
 * GitHub Actions' OIDC facts: the token issuer, the audience aws-actions/configure-aws-credentials asks for,
 * and the `sub` claims a workflow job presents. A role's trust pins `sub` to one repository and one kind of
 * job, so no other repository (and no other job of this one) can assume it.
 */

/** Issuer of GitHub Actions' tokens; also the IAM OIDC provider's URL. */
export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
/** Condition keys IAM derives from the issuer host. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** The audience configure-aws-credentials requests (its default). */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** `owner/name`, as GitHub writes it: letters, digits, `-`, `_`, `.`; never a wildcard. */
export const REPOSITORY_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** `sub` of a job running for a pull request of `repository` (the PR plan). */
export function pullRequestSubject(repository: string): string {
  return `repo:${repository}:pull_request`;
}

/** `sub` of a job that deploys to the GitHub deployment environment `environment` of `repository`. */
export function environmentSubject(repository: string, environment: string): string {
  return `repo:${repository}:environment:${environment}`;
}
