import { findReferences, type Reference } from '../references';
import type { Resource } from '../resources';
import { fixtureStack } from './fixture-stacks';

function resource(type: string, name: string, attributes: Record<string, unknown>): Resource {
  return {
    type,
    name,
    address: `${type}.${name}`,
    constructPath: `test/${name}`,
    region: 'eu-west-1',
    onAliasedProvider: false,
    attributes,
  };
}

const describeRef = (r: Reference) => `${r.from.type} ${r.attribute} -> ${r.to.type}`;

function referencesFrom(stackName: string, type: string): string[] {
  return findReferences(fixtureStack(stackName).resources)
    .filter((r) => r.from.type === type)
    .map(describeRef)
    .sort();
}

describe('findReferences', () => {
  it('finds references inside nested blocks, naming the attribute path', () => {
    expect(referencesFrom('prod', 'aws_lb_listener_rule')).toEqual([
      'aws_lb_listener_rule action[0].target_group_arn -> aws_lb_target_group',
      'aws_lb_listener_rule listener_arn -> aws_lb_listener',
    ]);
  });

  it('finds references inside JSON kept as a string (container definitions), and skips variables', () => {
    expect(referencesFrom('prod', 'aws_ecs_task_definition')).toEqual([
      'aws_ecs_task_definition container_definitions -> aws_cloudwatch_log_group',
      'aws_ecs_task_definition container_definitions -> aws_dynamodb_table',
      'aws_ecs_task_definition container_definitions -> aws_ecr_repository',
      'aws_ecs_task_definition execution_role_arn -> aws_iam_role',
      'aws_ecs_task_definition task_role_arn -> aws_iam_role',
    ]);
  });

  it("counts a literal hostname that a custom domain serves as a reference to it (prod's CloudFront origin)", () => {
    const distribution = fixtureStack('prod').resources.find((r) => r.type === 'aws_cloudfront_distribution')!;
    expect((distribution.attributes.origin as { domain_name: string }[])[0].domain_name).toBe(
      'origin.shortlinks.example.com',
    );
    expect(referencesFrom('prod', 'aws_cloudfront_distribution')).toContain(
      'aws_cloudfront_distribution origin[0].domain_name -> aws_apigatewayv2_domain_name',
    );
    expect(referencesFrom('dev', 'aws_cloudfront_distribution')).toContain(
      'aws_cloudfront_distribution origin[0].domain_name -> aws_apigatewayv2_domain_name',
    );
  });

  it('ignores data sources, addresses no resource has, and a resource naming itself', () => {
    const bucket = resource('aws_s3_bucket', 'logs', { bucket: 'logs', arn_copy: '${aws_s3_bucket.logs.arn}' });
    const policy = resource('aws_s3_bucket_policy', 'p', {
      bucket: '${aws_s3_bucket.logs.id}',
      policy: '${data.aws_iam_policy_document.doc.json}',
      other: '${aws_s3_bucket.gone.id}',
    });
    expect(findReferences([bucket, policy]).map(describeRef)).toEqual(['aws_s3_bucket_policy bucket -> aws_s3_bucket']);
  });

  it('finds every reference of an interpolation that names several resources', () => {
    const cluster = resource('aws_ecs_cluster', 'c', { name: 'c' });
    const service = resource('aws_ecs_service', 's', { name: 's' });
    const target = resource('aws_appautoscaling_target', 't', {
      resource_id: 'service/${aws_ecs_cluster.c.name}/${aws_ecs_service.s.name}',
    });
    expect(findReferences([cluster, service, target]).map(describeRef)).toEqual([
      'aws_appautoscaling_target resource_id -> aws_ecs_cluster',
      'aws_appautoscaling_target resource_id -> aws_ecs_service',
    ]);
  });
});
