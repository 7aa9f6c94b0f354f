export { addPolicyException } from '../lib/policy-exception';
