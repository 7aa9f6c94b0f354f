import { Construct, type IValidation } from 'constructs';
import { fargateSizeProblem } from '../../lib/fargate';
import { CLOUDFRONT_REGION } from '../../lib/cloudfront';

/**
 * Checks that Terraform cannot make (only AWS rejects these, at apply time) run at synth as construct
 * validations: `npm run synth` and `Testing.synth(stack, true)` fail with the construct path and the reason.
 */
function addCheck(scope: Construct, check: () => string | undefined): void {
  const validation: IValidation = {
    validate: () => {
      const problem = check();
      return problem ? [`${scope.node.path}: ${problem}`] : [];
    },
  };
  scope.node.addValidation(validation);
}

export function addMultiAzValidation(scope: Construct, field: string, zones: () => readonly string[]): void {
  addCheck(scope, () => {
    const distinct = new Set(zones()).size;
    return distinct < 2 ? `${field}: subnets must span at least 2 AZs, got ${distinct}` : undefined;
  });
}

export function addFargateSizeValidation(scope: Construct, size: () => { cpu: number; memory: number }): void {
  addCheck(scope, () => {
    const { cpu, memory } = size();
    return fargateSizeProblem(cpu, memory);
  });
}

export function addProductionCapacityValidation(
  scope: Construct,
  capacity: () => { production: boolean; minCapacity: number },
): void {
  addCheck(scope, () => {
    const { production, minCapacity } = capacity();
    return production && minCapacity < 2
      ? `autoscaling minCapacity is ${minCapacity}; production needs at least 2 tasks so one AZ can fail`
      : undefined;
  });
}

/** CloudFront only takes certificates and CLOUDFRONT-scope web ACLs from us-east-1. */
export function addUsEast1Validation(scope: Construct, what: string, region: () => string | undefined): void {
  addCheck(scope, () => {
    const actual = region();
    return actual === CLOUDFRONT_REGION
      ? undefined
      : `${what} must use a provider in ${CLOUDFRONT_REGION} (CloudFront reads it only there), got ${actual ?? 'no region'}`;
  });
}
