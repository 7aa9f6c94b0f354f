export { COMMENT_KEY, ENVIRONMENT_KEY, EXCEPTIONS_KEY, RULE_ID_PATTERN } from '../lib/policy-markers';
