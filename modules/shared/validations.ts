import { Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { CLOUDFRONT_REGION } from '../../lib/cloudfront';
import { fargateSizeProblem } from '../../lib/fargate';

/**
 * One error style for constructs. Bad props throw at once, from the constructor, as
 * `<construct path>: <prop>: <reason>`: the stack trace then points at the caller that passed them. Only state that
 * can still change after construction (a provider's region is a settable property) is checked later, as a construct
 * validation (`node.addValidation`), which `npm run synth` and `Testing.synth(stack, true)` run. Checks skip values
 * that are unresolved tokens: Terraform knows them only at plan time.
 */

/** Throws `<construct path>: <prop>: <reason>`. */
export function invalidProp(scope: IConstruct, prop: string, reason: string): never {
  throw new Error(`${scope.node.path}: ${prop}: ${reason}`);
}

/** Throws when a literal `value` is longer than AWS allows; tokens pass (their length is unknown until plan). */
export function checkMaxLength(scope: IConstruct, prop: string, value: string, max: number, hint = ''): void {
  if (Token.isUnresolved(value) || value.length <= max) return;
  invalidProp(scope, prop, `"${value}" is ${value.length} characters; AWS allows at most ${max}${hint}`);
}

/** Throws unless a literal `value` is a whole number from `min` to `max`. */
export function checkIntegerRange(scope: IConstruct, prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    invalidProp(scope, prop, `must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/** Throws when the subnets' AZs are fewer than 2 (one AZ outage would take the tier down). */
export function checkMultiAz(scope: IConstruct, prop: string, zones: readonly string[]): void {
  if (Token.isUnresolved(zones) || zones.some((zone) => Token.isUnresolved(zone))) return;
  const distinct = new Set(zones).size;
  if (distinct < 2) invalidProp(scope, prop, `subnets must span at least 2 AZs, got ${distinct}`);
}

/** Throws for a CPU/memory pair Fargate does not run (Terraform accepts it; ECS rejects it at apply time). */
export function checkFargateSize(scope: IConstruct, prop: string, cpu: number, memory: number): void {
  if (Token.isUnresolved(cpu) || Token.isUnresolved(memory)) return;
  const problem = fargateSizeProblem(cpu, memory);
  if (problem) invalidProp(scope, prop, problem);
}

/**
 * CloudFront only takes certificates and CLOUDFRONT-scope web ACLs from us-east-1. A validation, not a throw: the
 * provider is shared and its `region` stays settable after the construct that uses it was built.
 */
export function addUsEast1Validation(scope: IConstruct, what: string, region: () => string | undefined): void {
  scope.node.addValidation({
    validate: () => {
      const actual = region();
      return actual === CLOUDFRONT_REGION
        ? []
        : [
            `${scope.node.path}: ${what} must use a provider in ${CLOUDFRONT_REGION} (CloudFront reads it only there), got ${actual ?? 'no region'}`,
          ];
    },
  });
}
