/**
 * The Terraform versions every stack accepts (its `required_version`), so that an older binary stops at `init`
 * with Terraform's own message rather than half-way through a plan: the S3 backend's `use_lockfile` is generally
 * available from 1.11 (earlier binaries reject or ignore it, and two applies could then run at once), and
 * `terraform_data` needs 1.4. 1.11 is also the version CI runs.
 */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.11.0, < 2.0.0';
