import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { StackReader, TerraformBlock } from '../../lib/terraform-json/stack';
import { ContainerService, type ContainerServiceProps } from '../../modules/container-service';
import { LoadBalancer } from '../../modules/load-balancer';
import { ENV, SERVICE_PORT, SHUTDOWN_TIMEOUT_SECONDS } from '../../service/src/contract';
import {
  dev,
  onlyBlock,
  onlyResource,
  prod,
  readStack,
  reference,
  ref,
  resourcesOf,
  synthPlatform,
  withChanges,
  type Block,
  type TerraformJson,
} from '../helpers';

Testing.setupJest();

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

function synthService(props: Partial<ServiceOptions> = {}): string {
  return Testing.synthScope((scope) => build(scope, props));
}

/** Synth with construct validations on, as `npm run synth` does. */
function synthValidated(props: Partial<ServiceOptions>): string {
  const stack = new TerraformStack(Testing.app(), 'validated');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  build(stack, props);
  return Testing.synth(stack, true);
}

/** The task's container definitions: a JSON string inside the task definition, so matchers cannot look in. */
function containers(synthesized: string | TerraformJson): Block[] {
  const task = onlyBlock(readStack(synthesized), 'aws_ecs_task_definition');
  return JSON.parse(task.body.container_definitions as string) as Block[];
}

function environmentOf(container: Block): Record<string, string> {
  return Object.fromEntries(
    (container.environment as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]),
  );
}

/** The one block of a type under a construct id prefix (`service_execution-role`, `lb`). */
function under(stack: StackReader, type: string, prefix: string): TerraformBlock {
  const found = [...stack.resources(type), ...stack.dataSources(type)].filter((block) =>
    block.name.startsWith(`${prefix}_`),
  );
  if (found.length !== 1) throw new Error(`expected one ${type} under ${prefix}, found ${found.length}`);
  return found[0];
}

/** The permission statements of the role whose construct id is `roleId` (`execution-role` or `task-role`). */
function permissionStatements(synthesized: string | TerraformJson, roleId: string): Block[] {
  const document = under(readStack(synthesized), 'aws_iam_policy_document', `service_${roleId}_permissions`);
  return (document.body.statement as Block[]) ?? [];
}

describe('container service module', () => {
  const synthesized = synthService();
  const stack = readStack(synthesized);

  it('creates a cluster with Container Insights', () => {
    expect(synthesized).toHaveResourceWithProperties(EcsCluster, {
      name: 'links-test',
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
    expect(synthService({ containerInsights: 'enhanced' })).toHaveResourceWithProperties(EcsCluster, {
      setting: [{ name: 'containerInsights', value: 'enhanced' }],
    });
  });

  it('defines a Fargate awsvpc task with the configured size, a tmp volume and separate roles', () => {
    const executionRole = ref(under(stack, 'aws_iam_role', 'service_execution-role'), 'arn');
    const taskRole = ref(under(stack, 'aws_iam_role', 'service_task-role'), 'arn');
    expect(executionRole).not.toBe(taskRole);
    expect(synthesized).toHaveResourceWithProperties(EcsTaskDefinition, {
      family: 'links-test',
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      cpu: '512',
      memory: '1024',
      runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: 'X86_64' },
      volume: [{ name: 'tmp' }],
      execution_role_arn: executionRole,
      task_role_arn: taskRole,
    });
    expect(synthService({ task: { ...BASE.task, cpuArchitecture: 'ARM64' } })).toHaveResourceWithProperties(
      EcsTaskDefinition,
      { runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: 'ARM64' } },
    );
  });

  it('runs the tagged image from the repository, read-only, as a non-root user, on the service port', () => {
    const [container, ...others] = containers(synthesized);
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
    const environment = environmentOf(containers(synthesized)[0]);
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
    const [container] = containers(synthesized);
    const healthCheck = container.healthCheck as { command: string[] };
    // The script itself (service/src/healthcheck.ts) is exercised against a running build in service/__tests__.
    expect(healthCheck.command).toEqual(['CMD', 'node', 'service/dist/healthcheck.js']);
    expect(container.stopTimeout).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_SECONDS + 5);
    expect(container.stopTimeout).toBeLessThanOrEqual(120);
  });

  it('ships logs with awslogs to a log group with retention', () => {
    const withRetention = synthService({ logRetentionDays: 30 });
    expect(withRetention).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/ecs/links-test',
      retention_in_days: 30,
    });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 90 });
    const logConfiguration = containers(withRetention)[0].logConfiguration as {
      logDriver: string;
      options: Record<string, string>;
    };
    expect(logConfiguration.logDriver).toBe('awslogs');
    expect(logConfiguration.options).toMatchObject({
      'awslogs-group': ref(under(readStack(withRetention), 'aws_cloudwatch_log_group', 'service'), 'name'),
      'awslogs-region': 'eu-west-1',
    });
  });

  describe('IAM', () => {
    it('grants no wildcard action anywhere', () => {
      const actions = stack
        .dataSources('aws_iam_policy_document')
        .flatMap((document) =>
          (document.body.statement as Block[]).flatMap((statement) => statement.actions as string[]),
        );
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) {
        // The access-log bucket's TLS-only deny is the one s3:* here, and it is a Deny.
        if (action === 's3:*') continue;
        expect(action).not.toContain('*');
      }
    });

    it('limits the task role to DynamoDB item actions on the table and its indexes', () => {
      expect(synthesized).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
        statement: [
          {
            sid: 'LinksTable',
            actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
            resources: [TABLE_ARN, `${TABLE_ARN}/index/*`],
          },
        ],
      });
      expect(permissionStatements(synthesized, 'task-role')).toHaveLength(1);
    });

    it('lets the execution role pull from the one repository and write to the one log group', () => {
      const logGroupArn = ref(under(stack, 'aws_cloudwatch_log_group', 'service'), 'arn');
      const statements = permissionStatements(synthesized, 'execution-role');
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
      for (const roleId of ['execution-role', 'task-role']) {
        expect(under(stack, 'aws_iam_policy_document', `service_${roleId}_trust`).body.statement).toEqual([
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
    expect(synthesized).toHaveResourceWithProperties(EcsService, {
      name: 'links-test',
      cluster: ref(under(stack, 'aws_ecs_cluster', 'service'), 'arn'),
      launch_type: 'FARGATE',
      platform_version: 'LATEST',
      desired_count: 2,
      enable_execute_command: false,
      health_check_grace_period_seconds: 60,
      network_configuration: {
        subnets: ['subnet-a', 'subnet-b'],
        assign_public_ip: false,
        security_groups: [ref(under(stack, 'aws_security_group', 'service'), 'id')],
      },
      load_balancer: [
        {
          target_group_arn: ref(under(stack, 'aws_lb_target_group', 'lb'), 'arn'),
          container_name: 'app',
          container_port: SERVICE_PORT,
        },
      ],
    });
  });

  it('starts only once the listener forwards to its target group and its roles have their permissions', () => {
    const dependsOn = onlyBlock(stack, 'aws_ecs_service').body.depends_on as string[];
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        under(stack, 'aws_lb_listener_rule', 'lb').address,
        under(stack, 'aws_iam_role_policy', 'service_execution-role').address,
        under(stack, 'aws_iam_role_policy', 'service_task-role').address,
      ]),
    );
  });

  it('deploys with a rolling-back circuit breaker, never below full capacity, and leaves the count to autoscaling', () => {
    expect(synthesized).toHaveResourceWithProperties(EcsService, {
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      propagate_tags: 'SERVICE',
      lifecycle: expect.objectContaining({ ignore_changes: expect.arrayContaining(['desired_count']) }),
    });
  });

  it('scales between min and max on CPU and memory with cooldowns', () => {
    const scaled = synthService({
      scaling: { ...BASE.scaling, scaleInCooldownSeconds: 240, scaleOutCooldownSeconds: 30 },
    });
    const reader = readStack(scaled);
    expect(scaled).toHaveResourceWithProperties(AppautoscalingTarget, {
      service_namespace: 'ecs',
      scalable_dimension: 'ecs:service:DesiredCount',
      resource_id: `service/${ref(under(reader, 'aws_ecs_cluster', 'service'), 'name')}/${ref(under(reader, 'aws_ecs_service', 'service'), 'name')}`,
      min_capacity: 2,
      max_capacity: 6,
    });
    for (const [metric, target] of [
      ['ECSServiceAverageCPUUtilization', 55],
      ['ECSServiceAverageMemoryUtilization', 70],
    ] as const) {
      expect(scaled).toHaveResourceWithProperties(AppautoscalingPolicy, {
        policy_type: 'TargetTrackingScaling',
        target_tracking_scaling_policy_configuration: {
          predefined_metric_specification: { predefined_metric_type: metric },
          target_value: target,
          scale_in_cooldown: 240,
          scale_out_cooldown: 30,
        },
      });
    }
    expect(reader.resources('aws_appautoscaling_policy')).toHaveLength(2);
  });

  describe('security groups', () => {
    const tasks = ref(under(stack, 'aws_security_group', 'service'), 'id');
    const alb = ref(under(stack, 'aws_security_group', 'lb'), 'id');
    /** The rules of one direction that belong to a group. */
    const rules = (direction: 'ingress' | 'egress', groupId: string) =>
      stack
        .resources(`aws_vpc_security_group_${direction}_rule`)
        .filter((rule) => rule.body.security_group_id === groupId)
        .map((rule) => rule.body);

    it('names the tasks group by prefix, replaced before destroyed', () => {
      expect(synthesized).toHaveResourceWithProperties(SecurityGroup, {
        name_prefix: 'links-test-tasks-',
        lifecycle: { create_before_destroy: true },
        tags: { Name: 'links-test-tasks' },
        vpc_id: 'vpc-0123',
      });
    });

    it('admits only the load balancer group on the container port and sends only HTTPS out', () => {
      expect(synthesized).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
        security_group_id: tasks,
        referenced_security_group_id: alb,
        ip_protocol: 'tcp',
        from_port: SERVICE_PORT,
        to_port: SERVICE_PORT,
        description: expect.stringMatching(/ALB/),
      });
      expect(synthesized).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
        security_group_id: tasks,
        cidr_ipv4: '0.0.0.0/0',
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        description: expect.stringMatching(/HTTPS/),
      });
      expect(rules('ingress', tasks)).toHaveLength(1);
      expect(rules('egress', tasks)).toHaveLength(1);
    });

    it('opens the load balancer group towards the tasks on the container port only', () => {
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
      const securityGroups = stack.resources('aws_security_group');
      const allRules = stack.resources('aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule');
      expect(securityGroups).toHaveLength(2);
      for (const block of [...securityGroups, ...allRules]) {
        expect(block.body.description).toEqual(expect.stringMatching(/\S/));
      }
      expect(synthesized).not.toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { ip_protocol: '-1' });
      expect(synthesized).not.toHaveResourceWithProperties(VpcSecurityGroupEgressRule, { ip_protocol: '-1' });
      for (const rule of allRules) expect(rule.body.ip_protocol).toBe('tcp');
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

  it('runs the image tag given as the image_tag variable, which has no default', () => {
    for (const [, json] of bothEnvironments) {
      expect(json.variable?.image_tag).toMatchObject({ type: 'string', nullable: false });
      expect(json.variable?.image_tag).not.toHaveProperty('default');
      const repository = resourcesOf(json, 'aws_ecr_repository')[0][0];
      expect(containers(json)[0].image).toBe(
        `${reference('aws_ecr_repository', repository, 'repository_url')}:\${var.image_tag}`,
      );
    }
  });

  it('gives the container the table name, the public app URL and the origin host name it must refuse', () => {
    const json = stacks.prod;
    const table = resourcesOf(json, 'aws_dynamodb_table')[0][0];
    expect(environmentOf(containers(json)[0])).toMatchObject({
      [ENV.tableName]: reference('aws_dynamodb_table', table, 'name'),
      [ENV.publicBaseUrl]: `https://${prod.dns.appDomain}`,
      [ENV.ownHostnames]: prod.dns.originDomain,
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

describe('cost settings of the service tier', () => {
  const nonProduction = { production: false, scaling: { ...BASE.scaling, desiredCount: 1, minCapacity: 1 } };

  it('runs on FARGATE_SPOT through a capacity provider strategy, after the cluster lists it', () => {
    const stack = readStack(
      synthService({ ...nonProduction, task: { ...BASE.task, capacityProvider: 'FARGATE_SPOT' } }),
    );
    const service = onlyBlock(stack, 'aws_ecs_service');
    expect(service.body.launch_type).toBeUndefined();
    expect(service.body.capacity_provider_strategy).toEqual([{ capacity_provider: 'FARGATE_SPOT', weight: 1 }]);
    const providers = onlyBlock(stack, 'aws_ecs_cluster_capacity_providers');
    expect(providers.body.capacity_providers).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect(providers.body.cluster_name).toBe(ref(onlyBlock(stack, 'aws_ecs_cluster'), 'name'));
    expect(service.body.depends_on).toContain('aws_ecs_cluster_capacity_providers.' + providers.name);
  });

  it('stays on launch type FARGATE by default, with no capacity providers', () => {
    const stack = readStack(synthService());
    expect(onlyBlock(stack, 'aws_ecs_service').body.launch_type).toBe('FARGATE');
    expect(stack.resources('aws_ecs_cluster_capacity_providers')).toEqual([]);
  });

  it('turns Container Insights off with the CKV_AWS_65 exception and its reason on the cluster', () => {
    const scope = new TerraformStack(Testing.app(), 'raw');
    build(scope, { ...nonProduction, containerInsights: 'disabled' });
    // Testing.synth drops `//` comments, so read the stack's own Terraform object, where the checker finds them.
    const cluster = onlyBlock(readStack(scope.toTerraform() as TerraformJson), 'aws_ecs_cluster');
    expect(cluster.body.setting).toEqual([{ name: 'containerInsights', value: 'disabled' }]);
    expect(cluster.comment?.policy_exceptions).toEqual({
      CKV_AWS_65: expect.stringMatching(/free AWS\/ECS CPU and memory metrics/),
    });
  });

  it('says whether Container Insights metrics exist, for the alarms that read them', () => {
    const app = Testing.app();
    const on = build(new TerraformStack(app, 'on'), {});
    const off = build(new TerraformStack(app, 'off'), { ...nonProduction, containerInsights: 'disabled' });
    expect([on.containerInsights, off.containerInsights]).toEqual([true, false]);
  });

  it.each([
    [
      { task: { ...BASE.task, capacityProvider: 'FARGATE_SPOT' as const } },
      /task\.capacityProvider: production runs on FARGATE/,
    ],
    [
      { containerInsights: 'disabled' as const },
      /containerInsights: production keeps Container Insights \(CKV_AWS_65\)/,
    ],
  ])('refuses a cost setting production must not take (%#)', (props, message) => {
    expect(() => build(new TerraformStack(Testing.app(), 'prod-like'), props)).toThrow(message);
  });
});
