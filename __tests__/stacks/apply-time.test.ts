/**
 * What `terraform validate` and `plan` cannot see but `apply` against AWS trips over: ordering between
 * resources that AWS checks eagerly, and settings whose absence only shows in production.
 */
import { blocksOf, dev, onlyResource, prod, reference, resourcesOf, synthPlatform, type Block } from '../helpers';

function addressesOf(json: ReturnType<typeof synthPlatform>['json'], type: string): string[] {
  return resourcesOf(json, type).map(([name]) => `${type}.${name}`);
}

describe.each([dev, prod])('apply-time ordering in platform stack $name', (environment) => {
  const { json } = synthPlatform(environment);

  it('starts the ECS service only after its roles have their permissions, and waits for a steady state', () => {
    const service = onlyResource(json, 'aws_ecs_service');
    const rolePolicies = addressesOf(json, 'aws_iam_role_policy').filter((address) => address.includes('service_'));
    expect(rolePolicies).toHaveLength(2);
    expect(service.depends_on).toEqual(expect.arrayContaining(rolePolicies));
    expect(service.wait_for_steady_state).toBe(true);
  });

  it('turns on flow logs only after their role may write', () => {
    const flowLog = onlyResource(json, 'aws_flow_log');
    const policy = addressesOf(json, 'aws_iam_role_policy').find((address) => address.includes('flow-log'));
    expect(flowLog.depends_on).toEqual([policy]);
  });

  it('sets each bucket policy last, after the lifecycle rules that end the configuration chain', () => {
    // The whole chain (public access block first) is asserted in bucket-configuration-order.test.ts.
    const lifecycles = resourcesOf(json, 'aws_s3_bucket_lifecycle_configuration');
    const policies = blocksOf(json, 'aws_s3_bucket_policy');
    expect(policies.length).toBe(lifecycles.length);
    for (const policy of policies) {
      const [name] = lifecycles.find(([, block]) => block.bucket === policy.bucket)!;
      expect(policy.depends_on).toEqual([`aws_s3_bucket_lifecycle_configuration.${name}`]);
    }
  });

  it('does not let CloudFront hold on to 404s and 5xx from the origin', () => {
    const distribution = onlyResource(json, 'aws_cloudfront_distribution');
    const errors = distribution.custom_error_response as Block[];
    expect(errors.map((error) => error.error_code)).toEqual([404, 500, 502, 503, 504]);
    for (const error of errors) expect(error.error_caching_min_ttl).toBe(0);
  });

  it('attaches the listener certificate only once ACM has issued it', () => {
    const listener = onlyResource(json, 'aws_lb_listener');
    const [[validation]] = resourcesOf(json, 'aws_acm_certificate_validation').filter(
      ([, block]) => block.provider === undefined,
    );
    expect(listener.certificate_arn).toBe(reference('aws_acm_certificate_validation', validation, 'certificate_arn'));
  });
});
