import { dev, prod, readStack, synthPlatform, withChanges } from '../helpers';

describe('the cost settings as the platform stacks synthesize them', () => {
  const devStack = readStack(synthPlatform(dev).json);
  const prodStack = readStack(synthPlatform(prod).json);

  it('leaves both VPCs without NAT, internet gateway or Elastic IP: no path out', () => {
    for (const stack of [devStack, prodStack]) {
      for (const type of ['aws_nat_gateway', 'aws_eip', 'aws_internet_gateway'])
        expect(stack.resources(type)).toEqual([]);
    }
  });

  it('gives the tasks ECR and CloudWatch Logs endpoints: one AZ in dev, every AZ in prod', () => {
    const endpoints = (stack: typeof devStack) =>
      stack
        .resources('aws_vpc_endpoint')
        .filter((endpoint) => endpoint.body.vpc_endpoint_type === 'Interface')
        .map((endpoint) => [
          String(endpoint.body.service_name).split('.').slice(3).join('.'),
          (endpoint.body.subnet_ids as string[]).length,
        ]);
    expect(endpoints(devStack)).toEqual([
      ['ecr.api', 1],
      ['ecr.dkr', 1],
      ['logs', 1],
    ]);
    expect(endpoints(prodStack)).toEqual([
      ['ecr.api', 3],
      ['ecr.dkr', 3],
      ['logs', 3],
    ]);
  });

  it('runs the tasks on the configured architecture: ARM64 (Graviton), the value CI builds the image for', () => {
    for (const [stack, env] of [
      [devStack, dev],
      [prodStack, prod],
    ] as const) {
      const [task] = stack.resources('aws_ecs_task_definition');
      expect(task.body.runtime_platform).toMatchObject({ cpu_architecture: env.service.cpuArchitecture });
    }
    expect(dev.service.cpuArchitecture).toBe('ARM64');
  });

  it('runs dev on Fargate Spot without Container Insights, prod on Fargate with it, three tasks over three AZs', () => {
    const [devService] = devStack.resources('aws_ecs_service');
    expect(devService.body.capacity_provider_strategy).toEqual([{ capacity_provider: 'FARGATE_SPOT', weight: 1 }]);
    expect(devStack.resources('aws_ecs_cluster')[0].body.setting).toEqual([
      { name: 'containerInsights', value: 'disabled' },
    ]);
    const [prodService] = prodStack.resources('aws_ecs_service');
    expect(prodService.body.launch_type).toBe('FARGATE');
    expect(prodStack.resources('aws_ecs_cluster')[0].body.setting).toEqual([
      { name: 'containerInsights', value: 'enabled' },
    ]);
    expect(prodStack.resources('aws_appautoscaling_target')[0].body.min_capacity).toBeGreaterThanOrEqual(3);
    expect((prodService.body.network_configuration as { subnets: string[] }).subnets).toHaveLength(3);
  });

  it('filters WAF logging to blocked and counted requests and keeps per-route API metrics off', () => {
    for (const stack of [devStack, prodStack]) {
      const [logging] = stack.resources('aws_wafv2_web_acl_logging_configuration');
      expect(logging.body.logging_filter).toMatchObject({ default_behavior: 'DROP' });
      const [stage] = stack.resources('aws_apigatewayv2_stage');
      expect(stage.body.default_route_settings).toMatchObject({ detailed_metrics_enabled: false });
    }
  });

  it('gives every environment its dashboard and the same alarm set', () => {
    for (const stack of [devStack, prodStack]) {
      expect(stack.resources('aws_cloudwatch_dashboard')).toHaveLength(1);
      expect(stack.json.output).toHaveProperty('dashboard_name');
    }
    expect(devStack.resources('aws_cloudwatch_metric_alarm').length).toBe(
      prodStack.resources('aws_cloudwatch_metric_alarm').length,
    );
  });

  it('refuses at synth an environment without NAT that lacks an endpoint the tasks need', () => {
    const noEcr = withChanges(dev, (c) => {
      c.network.interfaceEndpoints = ['logs'];
    });
    expect(() => synthPlatform(noEcr)).toThrow(
      /dev\/network: natMode: 'none' leaves the service tasks no way to ecr\.api, ecr\.dkr: add them to interfaceEndpoints, or use NAT gateways/,
    );
  });
});
