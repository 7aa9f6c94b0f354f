import { platformFacts } from '../facts';
import { editedStack, fixtureStack, fixtureStacks, onlyResource } from './fixture-stacks';

// Expected values are the inputs the fixture stacks were written with, not output of the code under test.
describe('platformFacts', () => {
  const prod = () => platformFacts(fixtureStack('prod'), fixtureStacks());
  const dev = () => platformFacts(fixtureStack('dev'), fixtureStacks());

  it('counts AZs from the private subnets and NAT gateways from their resources', () => {
    expect(prod()).toMatchObject({ availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], natGateways: 3 });
    expect(dev()).toMatchObject({ availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 });
  });

  it('reads task size and task counts from the task definition, the service and the scaling target', () => {
    expect(prod()).toMatchObject({ taskCpu: 512, taskMemoryMiB: 1024, desiredCount: 3, minTasks: 3, maxTasks: 12 });
    expect(prod().scalingTargets).toEqual([{ metric: 'ECSServiceAverageCPUUtilization', target: 60 }]);
    expect(dev()).toMatchObject({ taskCpu: 256, taskMemoryMiB: 512, minTasks: 1, maxTasks: 2 });
  });

  it('reads throttling from the stage and the rate limit from the WAF rule', () => {
    expect(prod()).toMatchObject({
      throttleBurst: 500,
      throttleRatePerSecond: 200,
      wafRateLimit: 2000,
      wafRateWindowSeconds: 300,
    });
    expect(dev()).toMatchObject({ throttleBurst: 50, throttleRatePerSecond: 20, wafRateLimit: 500 });
    expect(prod().wafManagedRuleGroups).toEqual(['AWSManagedRulesCommonRuleSet']);
  });

  it('lists endpoints by type, with short service names', () => {
    expect(prod()).toMatchObject({
      gatewayEndpoints: ['dynamodb', 's3'],
      interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'],
    });
    expect(dev()).toMatchObject({ gatewayEndpoints: ['dynamodb', 's3'], interfaceEndpoints: [] });
  });

  it('names each log group by what writes to it, found from the references', () => {
    expect(prod().logGroups).toEqual([
      { name: '/shortlinks/prod/api-access', writer: 'API Gateway access logs', retentionDays: 90 },
      { name: '/shortlinks/prod/app', writer: 'application (ECS tasks)', retentionDays: 30 },
      { name: '/shortlinks/prod/vpc-flow', writer: 'VPC flow logs', retentionDays: 365 },
      { name: 'aws-waf-logs-shortlinks-prod', writer: 'WAF logs', retentionDays: 365 },
    ]);
  });

  it('finds the state bucket in the stack that creates it', () => {
    expect(prod().state).toEqual({
      bucket: 'shortlinks-tfstate-123456789012',
      key: 'prod/terraform.tfstate',
      stack: 'state',
      versioning: true,
      noncurrentVersionDays: undefined,
      lockfile: true,
    });
  });

  it('names the bucket when no stack creates the backend bucket', () => {
    const stack = editedStack('prod', (json) => {
      (json.terraform!.backend!.s3 as Record<string, unknown>).bucket = 'someone-elses-bucket';
    });
    expect(() => platformFacts(stack, fixtureStacks())).toThrow(
      /bucket "someone-elses-bucket", which no synthesized stack creates/,
    );
  });

  it('leaves a setting undefined when it is only known at apply time, instead of guessing', () => {
    const stack = editedStack('prod', (json) => {
      onlyResource(json, 'aws_ecs_task_definition').cpu = '${var.cpu}';
    });
    expect(platformFacts(stack, fixtureStacks()).taskCpu).toBeUndefined();
  });
});
