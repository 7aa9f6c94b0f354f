import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Op, TerraformSelf } from 'cdktf';
import { Construct } from 'constructs';
import { addPolicyException } from '../../lib/policy-exception';
import type { InterfaceEndpointService } from '../../lib/network-options';
import type { LoadBalancerTarget } from '../shared/connections';
import { TierSecurityGroup } from '../shared/security-group';
import { checkFargateSize, checkMultiAz, invalidProp } from '../shared/validations';
import { productionServiceProblems, type ServiceCostKnobs } from '../../lib/production-service';
import { appContainerDefinition, TMP_VOLUME } from './container-definition';
import { createExecutionRole, createTaskRole, TABLE_OPERATIONS } from './roles';

/** Where each production cost rule's setting sits in these props, for the error that names it. */
const COST_KNOB_PROPS: Record<keyof ServiceCostKnobs, string> = {
  capacityProvider: 'task.capacityProvider',
  containerInsights: 'containerInsights',
};

/** The task's only container; the service's load balancer block names it. */
export const CONTAINER_NAME = 'app';

/**
 * AWS APIs a task reaches over the network besides DynamoDB and S3 (gateway endpoints): ECR's API and registry to
 * pull the image, CloudWatch Logs for the awslogs driver. Without NAT each needs an interface endpoint.
 */
export const TASK_AWS_APIS: readonly InterfaceEndpointService[] = ['ecr.api', 'ecr.dkr', 'logs'];

const CONTAINER_INSIGHTS_OFF_REASON =
  'Container Insights turned off by the caller (containerInsights: disabled), for a non-production environment: ' +
  'its metrics are billed as custom metrics (about 11 USD a month for one service), while the free AWS/ECS CPU and ' +
  'memory metrics still drive autoscaling and the alarms. Production refuses this setting.';

/** Size and platform of one task. */
export interface TaskProps {
  /** Task CPU units; checked with `memory` against the valid Fargate pairs at construction. */
  readonly cpu: number;
  /** Task memory in MiB. */
  readonly memory: number;
  /**
   * CPU architecture the image is built for; `ARM64` (Graviton) costs about 20% less but needs an arm64 or
   * multi-arch image.
   * @default 'X86_64', what CI runners build without emulation
   */
  readonly cpuArchitecture?: 'X86_64' | 'ARM64';
  /**
   * `FARGATE_SPOT` runs the tasks on spare capacity at about a third of the price; AWS may stop a task with two
   * minutes' notice (the service replaces it). Refused in production.
   * @default 'FARGATE'
   */
  readonly capacityProvider?: ServiceCostKnobs['capacityProvider'];
  /**
   * Seconds load-balancer health checks are ignored after a task starts.
   * @default 60, since Node starts in seconds
   */
  readonly healthCheckGracePeriodSeconds?: number;
}

/** How many tasks run, and when autoscaling adds or removes one. */
export interface ScalingProps {
  /** Tasks at first create; autoscaling owns the count afterwards (`desired_count` changes are ignored). */
  readonly desiredCount: number;
  /** Fewest tasks autoscaling keeps; with `production` at least 2, so losing one task or one AZ never leaves zero. */
  readonly minCapacity: number;
  /** Most tasks autoscaling starts. */
  readonly maxCapacity: number;
  /**
   * Target average CPU utilization in percent.
   * @default 60, which leaves headroom while a scale-out starts
   */
  readonly cpuTargetPercent?: number;
  /**
   * Target average memory utilization in percent.
   * @default 75
   */
  readonly memoryTargetPercent?: number;
  /**
   * Seconds between scale-in steps.
   * @default 300, so a short dip does not remove capacity needed again soon
   */
  readonly scaleInCooldownSeconds?: number;
  /**
   * Seconds between scale-out steps.
   * @default 60, to add capacity fast under load
   */
  readonly scaleOutCooldownSeconds?: number;
}

/** The image a task runs. */
export interface ContainerImage {
  /** Repository URL without tag (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`). */
  readonly repositoryUrl: string;
  /** Repository ARN: the execution role may pull from this repository only. */
  readonly repositoryArn: string;
  /** Image tag to run; the stack passes the `image_tag` Terraform variable so CI picks the release. */
  readonly tag: string;
}

export interface ContainerServiceProps {
  /** Name of the cluster, service, task family and log group, and prefix of the security group. */
  readonly name: string;
  /** Region of the log group the container writes to and of the table the service calls. */
  readonly region: string;
  /** For the roles' confused-deputy guard (`aws:SourceAccount`). */
  readonly accountId: string;
  /** VPC of the subnets and of the tasks' security group. */
  readonly vpcId: string;
  /** Private subnets, one per AZ; tasks get no public IP. */
  readonly subnetIds: string[];
  /** AZs of `subnetIds`, checked at construction: tasks must spread over at least 2 AZs. */
  readonly availabilityZones: readonly string[];
  /**
   * The load balancer's target: its target group receives the tasks, its security group is the only one allowed
   * in, and its port is the container port (one number for both sides).
   */
  readonly target: LoadBalancerTarget;
  /** The image to run and the repository it comes from. */
  readonly image: ContainerImage;
  /** The links table: its name goes to the container, its ARNs (table and indexes) bound the task role. */
  readonly table: { readonly name: string; readonly resourceArns: string[] };
  /** Origin the short links are served from (`https://<app domain>`), no path. */
  readonly publicBaseUrl: string;
  /**
   * Other host names of this deployment (the API's origin domain, say): the service refuses links to them, as it
   * does to `publicBaseUrl`'s host, so nobody can make a short link that loops back into the platform.
   * @default [] (only `publicBaseUrl`'s host is refused)
   */
  readonly ownHostnames?: readonly string[];
  /** 301 (permanent, cached by browsers) or 302 (temporary). */
  readonly redirectStatus: 301 | 302;
  /** Size and platform of each task. */
  readonly task: TaskProps;
  /** Task count and autoscaling. */
  readonly scaling: ScalingProps;
  /**
   * Requires `scaling.minCapacity` ≥ 2, so losing one task or one AZ never leaves zero; only non-production
   * environments turn it off to run a single task.
   * @default true
   */
  readonly production?: boolean;
  /**
   * Days the application log group keeps events.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * `enabled`, or `enhanced` (per-task and per-container metrics, billed per metric); `disabled` only outside
   * production, with the CKV_AWS_65 exception written on the cluster.
   * @default 'enabled'
   */
  readonly containerInsights?: ServiceCostKnobs['containerInsights'];
  /**
   * CloudWatch alarms that mean "this release is bad": when one fires while ECS watches a deployment, ECS marks it
   * failed and rolls back to the last completed one. Pass names built from known strings, not alarm attributes: the
   * alarms read the load balancer this service registers with, so a reference back would make a cycle.
   * @default none: only the circuit breaker (tasks that fail to start or stay unhealthy) judges a release
   */
  readonly deploymentAlarmNames?: readonly string[];
}

/**
 * The service tier: a Fargate service behind the load balancer, spread over the private subnets of every AZ,
 * with a read-only non-root container, separate execution and task roles, logs with retention, a deployment
 * circuit breaker that rolls back, and target-tracking autoscaling on CPU and memory.
 */
export class ContainerService extends Construct {
  readonly cluster: EcsCluster;
  readonly service: EcsService;
  readonly taskDefinition: EcsTaskDefinition;
  readonly securityGroup: TierSecurityGroup;
  readonly logGroup: CloudwatchLogGroup;
  readonly taskRole: IamRole;
  readonly executionRole: IamRole;
  readonly scalableTarget: AppautoscalingTarget;
  /** The DynamoDB operations the task role allows, which are the ones the service sends (`GetItem`, ...). */
  readonly tableOperations: readonly string[] = TABLE_OPERATIONS;
  /** Whether Container Insights is on (`enabled` or `enhanced`), so `ECS/ContainerInsights` metrics exist. */
  readonly containerInsights: boolean;

  constructor(scope: Construct, id: string, props: ContainerServiceProps) {
    super(scope, id);
    const { task, scaling } = props;
    checkFargateSize(this, 'task', task.cpu, task.memory);
    if ((props.production ?? true) && scaling.minCapacity < 2) {
      invalidProp(
        this,
        'scaling.minCapacity',
        `is ${scaling.minCapacity}; production needs at least 2 tasks so one AZ can fail`,
      );
    }
    checkMultiAz(this, 'availabilityZones', props.availabilityZones);
    const containerPort = props.target.port;
    const production = props.production ?? true;
    const capacityProvider = task.capacityProvider ?? 'FARGATE';
    const insights = props.containerInsights ?? 'enabled';
    if (production) {
      for (const { setting, reason } of productionServiceProblems({ capacityProvider, containerInsights: insights })) {
        invalidProp(this, COST_KNOB_PROPS[setting], reason);
      }
    }
    this.containerInsights = insights !== 'disabled';

    this.cluster = new EcsCluster(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: insights }],
    });
    if (insights === 'disabled') addPolicyException(this.cluster, 'CKV_AWS_65', CONTAINER_INSIGHTS_OFF_REASON);
    // A service can use a capacity provider only once the cluster lists it.
    const capacityProviders =
      capacityProvider === 'FARGATE_SPOT'
        ? new EcsClusterCapacityProviders(this, 'capacity-providers', {
            clusterName: this.cluster.name,
            capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
          })
        : undefined;

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/ecs/${props.name}`,
      retentionInDays: props.logRetentionDays ?? 90,
    });

    const executionRole = createExecutionRole(this, 'execution-role', {
      name: props.name,
      accountId: props.accountId,
      repositoryArn: props.image.repositoryArn,
      logGroupArn: this.logGroup.arn,
    });
    const taskRole = createTaskRole(this, 'task-role', {
      name: props.name,
      accountId: props.accountId,
      tableResourceArns: props.table.resourceArns,
    });
    this.executionRole = executionRole.role;
    this.taskRole = taskRole.role;

    this.taskDefinition = new EcsTaskDefinition(this, 'task-definition', {
      family: props.name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(task.cpu),
      memory: String(task.memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: task.cpuArchitecture ?? 'X86_64' },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      volume: [{ name: TMP_VOLUME }],
      containerDefinitions: JSON.stringify([
        appContainerDefinition({
          name: CONTAINER_NAME,
          image: `${props.image.repositoryUrl}:${props.image.tag}`,
          port: containerPort,
          tableName: props.table.name,
          region: props.region,
          publicBaseUrl: props.publicBaseUrl,
          ownHostnames: props.ownHostnames ?? [],
          redirectStatus: props.redirectStatus,
          logGroupName: this.logGroup.name,
        }),
      ]),
    });

    this.securityGroup = this.createSecurityGroup(props, containerPort);

    this.service = new EcsService(this, 'service', {
      name: props.name,
      cluster: this.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: scaling.desiredCount,
      ...(capacityProviders
        ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }
        : { launchType: 'FARGATE' }),
      platformVersion: 'LATEST',
      networkConfiguration: {
        subnets: props.subnetIds,
        securityGroups: [this.securityGroup.id],
        assignPublicIp: false,
      },
      loadBalancer: [{ targetGroupArn: props.target.targetGroupArn, containerName: CONTAINER_NAME, containerPort }],
      healthCheckGracePeriodSeconds: task.healthCheckGracePeriodSeconds ?? 60,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: props.deploymentAlarmNames?.length
        ? { alarmNames: [...props.deploymentAlarmNames], enable: true, rollback: true }
        : undefined,
      // New tasks start before old ones stop: a deploy never drops below the running count.
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      // After an AZ recovers, ECS moves tasks back so they stay spread over every AZ.
      availabilityZoneRebalancing: 'ENABLED',
      enableExecuteCommand: false,
      enableEcsManagedTags: true,
      propagateTags: 'SERVICE',
      lifecycle: {
        // Autoscaling owns the count after create; without this every apply would reset it.
        ignoreChanges: ['desired_count'],
        // When the circuit breaker (or a deployment alarm) rolls a release back, ECS becomes steady again on the
        // previous revision and the provider reports success (hashicorp/terraform-provider-aws#19519). After the
        // steady-state wait the service's task definition must be the one this apply registered, else the apply
        // fails, naming both.
        postcondition: [
          {
            condition: Op.eq(TerraformSelf.getString('task_definition'), this.taskDefinition.arn),
            errorMessage: `ECS rolled the deployment of ${props.name} back: the service runs \${self.task_definition}, not ${this.taskDefinition.arn}, which this apply registered. See the service's events and the stopped tasks' reasons; the previous release keeps serving.`,
          },
        ],
      },
      // The apply waits until the deployment settles: tasks that never become healthy fail it (timeout), and a
      // rollback fails the postcondition above.
      waitForSteadyState: true,
      // ECS rejects a target group that no listener uses yet; the first tasks need their roles' permissions
      // (image pull, logs, table), which IAM creates after the roles themselves; a Spot service needs FARGATE_SPOT
      // on the cluster first.
      dependsOn: [
        props.target.forwarding,
        executionRole.policy,
        taskRole.policy,
        ...(capacityProviders ? [capacityProviders] : []),
      ],
    });

    this.scalableTarget = this.addAutoscaling(props.name, scaling);
  }

  /** Both sides of the load balancer → tasks hop: this group admits the load balancer's, which may reach this one. */
  private createSecurityGroup(props: ContainerServiceProps, containerPort: number): TierSecurityGroup {
    const securityGroup = new TierSecurityGroup(this, 'security-group', {
      vpcId: props.vpcId,
      name: props.name,
      role: 'tasks',
      description: `Tasks of ${props.name}: the container port from the ALB only, HTTPS out to AWS APIs`,
    });
    new VpcSecurityGroupIngressRule(this, 'ingress-from-alb', {
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: props.target.source.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: containerPort,
      toPort: containerPort,
      description: `Requests and health checks from the ALB of ${props.name}`,
    });
    new VpcSecurityGroupEgressRule(this, 'egress-https', {
      securityGroupId: securityGroup.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'HTTPS to AWS APIs (DynamoDB, ECR, S3, CloudWatch Logs) through endpoints or NAT',
    });
    props.target.allowTo(securityGroup, `Requests and health checks to the tasks of ${props.name}`);
    return securityGroup;
  }

  private addAutoscaling(name: string, scaling: ScalingProps): AppautoscalingTarget {
    const target = new AppautoscalingTarget(this, 'scalable-target', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${this.cluster.name}/${this.service.name}`,
      minCapacity: scaling.minCapacity,
      maxCapacity: scaling.maxCapacity,
    });
    const trackingPolicy = (metric: 'CPU' | 'Memory', targetPercent: number) =>
      new AppautoscalingPolicy(this, `${metric.toLowerCase()}-target-tracking`, {
        name: `${name}-${metric.toLowerCase()}-target-tracking`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: `ECSServiceAverage${metric}Utilization` },
          targetValue: targetPercent,
          scaleInCooldown: scaling.scaleInCooldownSeconds ?? 300,
          scaleOutCooldown: scaling.scaleOutCooldownSeconds ?? 60,
        },
      });
    trackingPolicy('CPU', scaling.cpuTargetPercent ?? 60);
    trackingPolicy('Memory', scaling.memoryTargetPercent ?? 75);
    return target;
  }
}
