import type { Rule } from '../rule';
import { apiRules } from './api';
import { dataRules } from './data';
import { documentRules } from './documents';
import { ecsRules } from './ecs';
import { edgeRules } from './edge';
import { iamRules } from './iam';
import { loadBalancerRules } from './load-balancer';
import { networkRules } from './network';
import { operationsRules } from './operations';
import { referenceRules } from './references';

/** Every rule the checker applies, in the order of policy/RULES.md (generated from them), then the checker's own. */
export const allRules: readonly Rule[] = [
  ...networkRules,
  ...ecsRules,
  ...iamRules,
  ...loadBalancerRules,
  ...edgeRules,
  ...apiRules,
  ...dataRules,
  ...operationsRules,
  ...referenceRules,
  ...documentRules,
];
