/**
 * The keys under which synth-time code leaves notes for the policy checker in the synthesized JSON.
 * Terraform ignores every `//` key, so these notes change nothing it plans or applies.
 * This file has no imports: the policy checker loads it without cdktf, and modules (through policy-exception.ts) at synth.
 */
export const COMMENT_KEY = '//';

/** `{"//": {"policy_exceptions": {"<rule id>": "<reason>"}}}` inside a resource or data block. */
export const EXCEPTIONS_KEY = 'policy_exceptions';

/** `{"//": {"environment": {"name": "prod", "production": true}}}` at the top of a stack. */
export const ENVIRONMENT_KEY = 'environment';

/** Rule ids become one segment of an override path, so they cannot contain dots. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
