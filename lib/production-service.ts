/**
 * What a production ECS service may not turn off to save money, and why: one rule, read by `ContainerService` (its
 * props) and by the environment config's validation (its fields), so both refuse the same things in the same words.
 */
export interface ServiceCostKnobs {
  readonly capacityProvider?: 'FARGATE' | 'FARGATE_SPOT';
  readonly containerInsights?: 'enabled' | 'enhanced' | 'disabled';
}

export interface ProductionServiceProblem {
  readonly setting: keyof ServiceCostKnobs;
  readonly reason: string;
}

/** The knobs set in a way production may not run with; empty when none is. */
export function productionServiceProblems(knobs: ServiceCostKnobs): ProductionServiceProblem[] {
  const problems: ProductionServiceProblem[] = [];
  if (knobs.capacityProvider === 'FARGATE_SPOT') {
    problems.push({
      setting: 'capacityProvider',
      reason: 'production runs on FARGATE: Spot tasks can be stopped at any time',
    });
  }
  if (knobs.containerInsights === 'disabled') {
    problems.push({
      setting: 'containerInsights',
      reason: 'production keeps Container Insights (CKV_AWS_65): enabled or enhanced',
    });
  }
  return problems;
}
