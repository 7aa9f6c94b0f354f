import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { ContainerService, type ContainerServiceProps } from '../../modules/container-service';
import { LoadBalancer } from '../../modules/load-balancer';
import { ENV, SERVICE_PORT, SHUTDOWN_TIMEOUT_SECONDS } from '../../service/src/contract';
import {
  blocksOf,
  dataSourcesOf,
  dev,
  onlyResource,
  prod,
  reference,
  onlyNameWithPrefix,
  resourcesOf,
  synthPlatform,
  synthScope,
  withChanges,
  type Block,
  type TerraformJson,
} from '../helpers';

const ZONES = ['eu-west-1a', 'eu-west-1b'];
const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/links';
const REPOSITORY_ARN = 'arn:aws:ecr:eu-west-1:123456789012:repository/links';

type ServiceOptions = Omit<ContainerServiceProps, 'target'>;

const BASE: ServiceOptions = {
  name: 'links-test',
  region: 'eu-west-1',
  accountId: '123456789012',
  vpcId: 'vpc-0123',
  subnetIds: ['subnet-a', 'subnet-b'],
  availabilityZones: ZONES,
  image: {
    repositoryUrl: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/links',
    repositoryArn: REPOSITORY_ARN,
    tag: 'v1.2.3',
  },
  table: { name: 'links', resourceArns: [TABLE_ARN, `${TABLE_ARN}/index/*`] },
  publicBaseUrl: 'https://app.example.com',
  redirectStatus: 301,
  task: { cpu: 512, memory: 1024 },
  scaling: { desiredCount: 2, minCapacity: 2, maxCapacity: 6, cpuTargetPercent: 55, memoryTargetPercent: 70 },
};

/** The real load balancer module in front, as in the stack (no stand-in). */
function build(scope: Construct, props: Partial<ServiceOptions>): ContainerService {
  const loadBalancer = new LoadBalancer(scope, 'lb', {
    name: 'links-test',
    vpcId: 'vpc-0123',
    subnetIds: ['subnet-a', 'subnet-b'],
    availabilityZones: ZONES,
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
    originVerifySecret: 'secret',
    region: 'eu-west-1',
    accountId: '123456789012',
  });
  return new ContainerService(scope, 'service', { ...BASE, ...props, target: loadBalancer.target });
}

function synthService(props: Partial<ServiceOptions> = {}): TerraformJson {
  return synthScope((scope) => build(scope, props));
}

/** Synth with construct validations on, as `npm run synth` does. */
function synthValidated(props: Partial<ServiceOptions>): string {
  const stack = new TerraformStack(Testing.app(), 'validated');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  build(stack, props);
  return Testing.synth(stack, true);
}

function containers(json: TerraformJson): Block[] {
  return JSON.parse(onlyResource(json, 'aws_ecs_task_definition').container_definitions as string) as Block[];
}

function environmentOf(container: Block): Record<string, string> {
  return Object.fromEntries(
    (container.environment as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]),
  );
}

/** The permission statements of the role whose construct id is `roleId` (`execution-role` or `task-role`). */
function permissionStatements(json: TerraformJson, roleId: string): Block[] {
  const name = Object.keys(json.data?.aws_iam_policy_document ?? {}).find((key) =>
    key.startsWith(`service_${roleId}_permissions`),
  );
  if (!name) throw new Error(`no permissions document for ${roleId}`);
  return (json.data!.aws_iam_policy_document[name].statement as Block[]) ?? [];
}

describe('container service module', () => {
  it('creates a cluster with Container Insights', () => {
    expect(onlyResource(synthService(), 'aws_ecs_cluster')).toMatchObject({
      name: 'links-test',
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
    expect(onlyResource(synthService({ containerInsights: 'enhanced' }), 'aws_ecs_cluster').setting).toEqual([
      { name: 'containerInsights', value: 'enhanced' },
    ]);
  });

  it('defines a Fargate awsvpc task with the configured size, a tmp volume and separate roles', () => {
    const json = synthService();
    const task = onlyResource(json, 'aws_ecs_task_definition');
    expect(task).toMatchObject({
      family: 'links-test',
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      cpu: '512',
      memory: '1024',
      runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: 'X86_64' },
      volume: [{ name: 'tmp' }],
      execution_role_arn: reference(
        'aws_iam_role',
        onlyNameWithPrefix(json, 'aws_iam_role', 'service_execution-role'),
        'arn',
      ),
      task_role_arn: reference('aws_iam_role', onlyNameWithPrefix(json, 'aws_iam_role', 'service_task-role'), 'arn'),
    });
    expect(task.execution_role_arn).not.toBe(task.task_role_arn);
    expect(
      onlyResource(synthService({ task: { ...BASE.task, cpuArchitecture: 'ARM64' } }), 'aws_ecs_task_definition')
        .runtime_platform,
    ).toEqual({ operating_system_family: 'LINUX', cpu_architecture: 'ARM64' });
  });

  it('runs the tagged image from the repository, read-only, as a non-root user, on the service port', () => {
    const [container, ...others] = containers(synthService());
    expect(others).toEqual([]);
    expect(container).toMatchObject({
      name: 'app',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/links:v1.2.3',
      essential: true,
      readonlyRootFilesystem: true,
      mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }],
      portMappings: [{ containerPort: SERVICE_PORT, protocol: 'tcp' }],
    });
    expect(container.user).toEqual(expect.stringMatching(/^[1-9]\d*(:[1-9]\d*)?$/));
    expect(container.privileged).toBeUndefined();
    expect((container.linuxParameters as Block).capabilities).toEqual({ drop: ['ALL'] });
  });

  it('passes the table, Region, port, public URL and redirect status in the environment, and nothing secret', () => {
    const environment = environmentOf(containers(synthService())[0]);
    expect(environment).toEqual({
      [ENV.tableName]: 'links',
      [ENV.region]: 'eu-west-1',
      [ENV.port]: String(SERVICE_PORT),
      [ENV.publicBaseUrl]: 'https://app.example.com',
      [ENV.redirectStatus]: '301',
    });
    expect(Object.keys(environment).join(' ')).not.toMatch(/SECRET|PASSWORD|TOKEN|KEY/i);
  });

  it('health-checks the container with the image check script and stops it after the shutdown budget', () => {
    const [container] = containers(synthService());
    const healthCheck = container.healthCheck as { command: string[] };
    // The script itself (service/src/healthcheck.ts) is exercised against a running build in service/__tests__.
    expect(healthCheck.command).toEqual(['CMD', 'node', 'service/dist/healthcheck.js']);
    expect(container.stopTimeout).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_SECONDS + 5);
    expect(container.stopTimeout).toBeLessThanOrEqual(120);
  });

  it('ships logs with awslogs to a log group with retention', () => {
    const json = synthService({ logRetentionDays: 30 });
    const logGroup = onlyResource(json, 'aws_cloudwatch_log_group');
    expect(logGroup).toMatchObject({ name: '/ecs/links-test', retention_in_days: 30 });
    const logConfiguration = containers(json)[0].logConfiguration as {
      logDriver: string;
      options: Record<string, string>;
    };
    expect(logConfiguration.logDriver).toBe('awslogs');
    expect(logConfiguration.options).toMatchObject({
      'awslogs-group': reference(
        'aws_cloudwatch_log_group',
        onlyNameWithPrefix(json, 'aws_cloudwatch_log_group', 'service'),
        'name',
      ),
      'awslogs-region': 'eu-west-1',
    });
    expect(onlyResource(synthService(), 'aws_cloudwatch_log_group').retention_in_days).toBe(90);
  });

  describe('IAM', () => {
    it('grants no wildcard action anywhere', () => {
      const json = synthService();
      const actions = dataSourcesOf(json, 'aws_iam_policy_document').flatMap((document) =>
        (document.statement as Block[]).flatMap((statement) => statement.actions as string[]),
      );
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) {
        // The access-log bucket's TLS-only deny is the one s3:* here, and it is a Deny.
        if (action === 's3:*') continue;
        expect(action).not.toContain('*');
      }
    });

    it('limits the task role to DynamoDB item actions on the table and its indexes', () => {
      const statements = permissionStatements(synthService(), 'task-role');
      expect(statements).toEqual([
        {
          sid: 'LinksTable',
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          resources: [TABLE_ARN, `${TABLE_ARN}/index/*`],
        },
      ]);
    });

    it('lets the execution role pull from the one repository and write to the one log group', () => {
      const json = synthService();
      const statements = permissionStatements(json, 'execution-role');
      const logGroupArn = reference(
        'aws_cloudwatch_log_group',
        onlyNameWithPrefix(json, 'aws_cloudwatch_log_group', 'service'),
        'arn',
      );
      expect(statements).toEqual([
        { sid: 'EcrAuthorizationToken', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        {
          sid: 'PullServiceImage',
          actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          resources: [REPOSITORY_ARN],
        },
        {
          sid: 'WriteServiceLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroupArn, `${logGroupArn}:log-stream:*`],
        },
      ]);
      expect(JSON.stringify(statements)).not.toContain('dynamodb');
    });

    it('lets only ECS tasks of this account assume either role', () => {
      const json = synthService();
      for (const roleId of ['execution-role', 'task-role']) {
        const name = Object.keys(json.data!.aws_iam_policy_document).find((key) =>
          key.startsWith(`service_${roleId}_trust`),
        )!;
        expect(json.data!.aws_iam_policy_document[name].statement).toEqual([
          {
            actions: ['sts:AssumeRole'],
            principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }],
            condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }],
          },
        ]);
      }
    });
  });

  it('runs the service in the private subnets without public IPs, behind the target group', () => {
    const json = synthService();
    const service = onlyResource(json, 'aws_ecs_service');
    expect(service).toMatchObject({
      name: 'links-test',
      cluster: reference('aws_ecs_cluster', onlyNameWithPrefix(json, 'aws_ecs_cluster', 'service'), 'arn'),
      launch_type: 'FARGATE',
      platform_version: 'LATEST',
      desired_count: 2,
      enable_execute_command: false,
      network_configuration: {
        subnets: ['subnet-a', 'subnet-b'],
        assign_public_ip: false,
        security_groups: [
          reference('aws_security_group', onlyNameWithPrefix(json, 'aws_security_group', 'service'), 'id'),
        ],
      },
      load_balancer: [
        {
          target_group_arn: reference(
            'aws_lb_target_group',
            onlyNameWithPrefix(json, 'aws_lb_target_group', 'lb'),
            'arn',
          ),
          container_name: 'app',
          container_port: SERVICE_PORT,
        },
      ],
      depends_on: [
        `aws_lb_listener_rule.${onlyNameWithPrefix(json, 'aws_lb_listener_rule', 'lb')}`,
        `aws_iam_role_policy.${onlyNameWithPrefix(json, 'aws_iam_role_policy', 'service_execution-role')}`,
        `aws_iam_role_policy.${onlyNameWithPrefix(json, 'aws_iam_role_policy', 'service_task-role')}`,
      ],
    });
    expect(service.health_check_grace_period_seconds).toBeGreaterThan(0);
  });

  it('deploys with a rolling-back circuit breaker, never below full capacity, and leaves the count to autoscaling', () => {
    const service = onlyResource(synthService(), 'aws_ecs_service');
    expect(service).toMatchObject({
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      propagate_tags: 'SERVICE',
    });
    expect((service.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain('desired_count');
  });

  it('scales between min and max on CPU and memory with cooldowns', () => {
    const json = synthService({
      scaling: { ...BASE.scaling, scaleInCooldownSeconds: 240, scaleOutCooldownSeconds: 30 },
    });
    const serviceName = onlyNameWithPrefix(json, 'aws_ecs_service', 'service');
    const clusterName = onlyNameWithPrefix(json, 'aws_ecs_cluster', 'service');
    const target = onlyResource(json, 'aws_appautoscaling_target');
    expect(target).toEqual({
      service_namespace: 'ecs',
      scalable_dimension: 'ecs:service:DesiredCount',
      resource_id: `service/${reference('aws_ecs_cluster', clusterName, 'name')}/${reference('aws_ecs_service', serviceName, 'name')}`,
      min_capacity: 2,
      max_capacity: 6,
    });
    const tracked = blocksOf(json, 'aws_appautoscaling_policy').map((policy) => {
      const configuration = policy.target_tracking_scaling_policy_configuration as Block;
      return {
        type: policy.policy_type,
        metric: (configuration.predefined_metric_specification as Block).predefined_metric_type,
        target: configuration.target_value,
        scaleIn: configuration.scale_in_cooldown,
        scaleOut: configuration.scale_out_cooldown,
      };
    });
    expect(tracked).toEqual([
      {
        type: 'TargetTrackingScaling',
        metric: 'ECSServiceAverageCPUUtilization',
        target: 55,
        scaleIn: 240,
        scaleOut: 30,
      },
      {
        type: 'TargetTrackingScaling',
        metric: 'ECSServiceAverageMemoryUtilization',
        target: 70,
        scaleIn: 240,
        scaleOut: 30,
      },
    ]);
  });

  describe('security groups', () => {
    /** The tasks' and the load balancer's group ids, and the rules of one direction that belong to a group. */
    function groups(json: TerraformJson) {
      const idOf = (prefix: string) =>
        reference('aws_security_group', onlyNameWithPrefix(json, 'aws_security_group', prefix), 'id');
      const rules = (direction: 'ingress' | 'egress', groupId: string) =>
        blocksOf(json, `aws_vpc_security_group_${direction}_rule`).filter((rule) => rule.security_group_id === groupId);
      return { tasks: idOf('service'), alb: idOf('lb'), rules };
    }

    it('admits only the load balancer group on the container port and sends only HTTPS out', () => {
      const { tasks, alb, rules } = groups(synthService());
      expect(rules('ingress', tasks)).toEqual([
        {
          security_group_id: tasks,
          referenced_security_group_id: alb,
          ip_protocol: 'tcp',
          from_port: SERVICE_PORT,
          to_port: SERVICE_PORT,
          description: expect.stringMatching(/ALB/),
        },
      ]);
      expect(rules('egress', tasks)).toEqual([
        {
          security_group_id: tasks,
          cidr_ipv4: '0.0.0.0/0',
          ip_protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          description: expect.stringMatching(/HTTPS/),
        },
      ]);
    });

    it('opens the load balancer group towards the tasks on the container port only', () => {
      const { tasks, alb, rules } = groups(synthService());
      expect(rules('egress', alb)).toEqual([
        {
          security_group_id: alb,
          referenced_security_group_id: tasks,
          ip_protocol: 'tcp',
          from_port: SERVICE_PORT,
          to_port: SERVICE_PORT,
          description: expect.stringMatching(/\S/),
        },
      ]);
    });

    it('describes every group and rule and never allows all protocols', () => {
      const json = synthService();
      const securityGroups = blocksOf(json, 'aws_security_group');
      const rules = [
        ...blocksOf(json, 'aws_vpc_security_group_ingress_rule'),
        ...blocksOf(json, 'aws_vpc_security_group_egress_rule'),
      ];
      expect(securityGroups).toHaveLength(2);
      for (const block of [...securityGroups, ...rules]) expect(block.description).toEqual(expect.stringMatching(/\S/));
      for (const rule of rules) expect(rule.ip_protocol).toBe('tcp');
    });
  });

  describe('props checks: bad props throw at construction, naming the construct path and the prop', () => {
    it('refuses an invalid Fargate size, naming the pair and the valid memory values', () => {
      expect(() => synthService({ task: { cpu: 256, memory: 4096 } })).toThrow(
        /\/service: task: cpu 256 with memory 4096 is not a valid Fargate pair; with cpu 256 memory must be 512, 1024, 2048 MiB/,
      );
      expect(() => synthService({ task: { cpu: 300, memory: 1024 } })).toThrow(
        /cpu 300 is not a Fargate size; valid cpu values are 256, 512/,
      );
    });

    it('passes a valid size, and runs the construct validations without complaint', () => {
      expect(() => synthValidated({ task: { cpu: 1024, memory: 3072 } })).not.toThrow();
    });

    it('requires at least 2 tasks unless told the environment is not production', () => {
      const single = { ...BASE.scaling, minCapacity: 1, desiredCount: 1 };
      expect(() => synthService({ scaling: single })).toThrow(
        /\/service: scaling.minCapacity: is 1; production needs at least 2 tasks/,
      );
      expect(() => synthService({ scaling: single, production: false })).not.toThrow();
    });

    it('requires subnets in at least 2 AZs', () => {
      expect(() => synthService({ subnetIds: ['subnet-a'], availabilityZones: ['eu-west-1a'] })).toThrow(
        /\/service: availabilityZones: subnets must span at least 2 AZs, got 1/,
      );
    });
  });
});

describe('container service in the platform stack', () => {
  const stacks = { dev: synthPlatform(dev).json, prod: synthPlatform(prod).json };
  const bothEnvironments = [
    [dev, stacks.dev],
    [prod, stacks.prod],
  ] as const;

  it('runs the image tag given as the image_tag variable, defaulting to the configured tag', () => {
    for (const [env, json] of bothEnvironments) {
      expect(json.variable?.image_tag).toMatchObject({ type: 'string', default: env.service.defaultImageTag });
      const repository = resourcesOf(json, 'aws_ecr_repository')[0][0];
      expect(containers(json)[0].image).toBe(
        `${reference('aws_ecr_repository', repository, 'repository_url')}:\${var.image_tag}`,
      );
    }
  });

  it('gives the container the table name and the public app URL', () => {
    const json = stacks.prod;
    const table = resourcesOf(json, 'aws_dynamodb_table')[0][0];
    expect(environmentOf(containers(json)[0])).toMatchObject({
      [ENV.tableName]: reference('aws_dynamodb_table', table, 'name'),
      [ENV.publicBaseUrl]: `https://${prod.dns.appDomain}`,
      [ENV.redirectStatus]: String(prod.service.redirectStatus),
      [ENV.region]: prod.region,
    });
  });

  it('limits the task role to the stack table and its indexes', () => {
    const json = stacks.dev;
    const table = resourcesOf(json, 'aws_dynamodb_table')[0][0];
    const tableArn = reference('aws_dynamodb_table', table, 'arn');
    const statements = permissionStatements(json, 'task-role');
    expect(statements.flatMap((statement) => statement.resources as string[])).toEqual([
      tableArn,
      `${tableArn}/index/*`,
    ]);
  });

  it('sizes and scales each environment from its config, with at least 2 tasks in prod', () => {
    for (const [env, json] of bothEnvironments) {
      expect(onlyResource(json, 'aws_ecs_task_definition')).toMatchObject({
        cpu: String(env.service.cpu),
        memory: String(env.service.memory),
      });
      expect(onlyResource(json, 'aws_appautoscaling_target')).toMatchObject({
        min_capacity: env.service.minCapacity,
        max_capacity: env.service.maxCapacity,
      });
    }
    expect(onlyResource(stacks.prod, 'aws_appautoscaling_target').min_capacity).toBeGreaterThanOrEqual(2);
  });

  it('spreads the tasks over the private subnets of every AZ', () => {
    const json = stacks.prod;
    const privateSubnets = resourcesOf(json, 'aws_subnet')
      .filter(([, subnet]) => (subnet.tags as Record<string, string>).Tier === 'private')
      .map(([name]) => reference('aws_subnet', name, 'id'));
    expect(privateSubnets).toHaveLength(3);
    const network = onlyResource(json, 'aws_ecs_service').network_configuration as Block;
    expect(network.subnets).toEqual(privateSubnets);
  });

  it('refuses to synthesize an invalid Fargate size, naming the pair and the valid options', () => {
    const broken = withChanges(dev, (copy) => {
      copy.service.cpu = 256;
      copy.service.memory = 4096;
    });
    expect(() => synthPlatform(broken)).toThrow(/256.*4096.*512, 1024, 2048/);
  });
});
