import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { LoadBalancer } from '../load-balancer';
import { addFargateSizeValidation, addMultiAzValidation, addProductionCapacityValidation } from '../shared/validations';
import { appContainerDefinition, TMP_VOLUME } from './container-definition';
import { createExecutionRole, createTaskRole } from './roles';

/** The task's only container; the service's load balancer block names it. */
export const CONTAINER_NAME = 'app';

export interface ContainerServiceProps {
  /** Name of the cluster, service, task family and log group, and prefix of the security group. */
  readonly name: string;
  readonly region: string;
  /** For the roles' confused-deputy guard (`aws:SourceAccount`). */
  readonly accountId: string;
  readonly vpcId: string;
  /** Private subnets, one per AZ; tasks get no public IP. */
  readonly subnetIds: string[];
  /** AZs of `subnetIds`, checked at synth: tasks must spread over at least 2 AZs. */
  readonly availabilityZones: readonly string[];
  /**
   * The load balancer in front: its target group receives the tasks, its security group is the only one allowed
   * in, and its target port is the container port (one number for both sides).
   */
  readonly loadBalancer: LoadBalancer;
  /** Where the image comes from; the execution role may pull from this repository only. */
  readonly repository: { readonly repositoryUrl: string; readonly arn: string };
  /** Image tag to run; the stack passes the `image_tag` Terraform variable so CI picks the release. */
  readonly imageTag: string;
  /** The links table: its name goes to the container, its ARNs (table and indexes) bound the task role. */
  readonly table: { readonly name: string; readonly resourceArns: string[] };
  /** Origin the short links are served from (`https://<app domain>`), no path. */
  readonly publicBaseUrl: string;
  readonly redirectStatus: 301 | 302;
  /** Task CPU units; checked with `memory` against the valid Fargate pairs at synth. */
  readonly cpu: number;
  /** Task memory in MiB. */
  readonly memory: number;
  /** Tasks at first create; autoscaling owns the count afterwards (`desired_count` changes are ignored). */
  readonly desiredCount: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Target average CPU utilization in percent. Default: 60, which leaves headroom while a scale-out starts. */
  readonly cpuTargetPercent?: number;
  /** Target average memory utilization in percent. Default: 75. */
  readonly memoryTargetPercent?: number;
  /**
   * Enforces `minCapacity` ≥ 2 at synth, so losing one task or one AZ never leaves zero. Default: true;
   * only non-production environments turn it off to run a single task.
   */
  readonly production?: boolean;
  /** Days the application log group keeps events. Default: 90. */
  readonly logRetentionDays?: number;
  /** `enabled`, or `enhanced` (per-task and per-container metrics, billed per metric). Default: `enabled`. */
  readonly containerInsights?: 'enabled' | 'enhanced';
  /**
   * CPU architecture the image is built for. Default: `X86_64`, what CI runners build without emulation;
   * `ARM64` (Graviton) costs about 20% less but needs an arm64 or multi-arch image.
   */
  readonly cpuArchitecture?: 'X86_64' | 'ARM64';
  /** Seconds load-balancer health checks are ignored after a task starts. Default: 60 (Node starts in seconds). */
  readonly healthCheckGracePeriodSeconds?: number;
  /** Seconds between scale-in steps. Default: 300, so a short dip does not remove capacity needed again soon. */
  readonly scaleInCooldownSeconds?: number;
  /** Seconds between scale-out steps. Default: 60, to add capacity fast under load. */
  readonly scaleOutCooldownSeconds?: number;
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
  readonly securityGroup: SecurityGroup;
  readonly logGroup: CloudwatchLogGroup;
  readonly taskRole: IamRole;
  readonly executionRole: IamRole;
  readonly scalableTarget: AppautoscalingTarget;

  constructor(scope: Construct, id: string, props: ContainerServiceProps) {
    super(scope, id);
    addFargateSizeValidation(this, () => ({ cpu: props.cpu, memory: props.memory }));
    addProductionCapacityValidation(this, () => ({
      production: props.production ?? true,
      minCapacity: props.minCapacity,
    }));
    addMultiAzValidation(this, 'service subnets', () => props.availabilityZones);
    const containerPort = props.loadBalancer.targetPort;

    this.cluster = new EcsCluster(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: props.containerInsights ?? 'enabled' }],
    });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/ecs/${props.name}`,
      retentionInDays: props.logRetentionDays ?? 90,
    });

    const executionRole = createExecutionRole(this, 'execution-role', {
      name: props.name,
      accountId: props.accountId,
      repositoryArn: props.repository.arn,
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
      cpu: String(props.cpu),
      memory: String(props.memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? 'X86_64' },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      volume: [{ name: TMP_VOLUME }],
      containerDefinitions: JSON.stringify([
        appContainerDefinition({
          name: CONTAINER_NAME,
          image: `${props.repository.repositoryUrl}:${props.imageTag}`,
          port: containerPort,
          tableName: props.table.name,
          region: props.region,
          publicBaseUrl: props.publicBaseUrl,
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
      desiredCount: props.desiredCount,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: {
        subnets: props.subnetIds,
        securityGroups: [this.securityGroup.id],
        assignPublicIp: false,
      },
      loadBalancer: [
        { targetGroupArn: props.loadBalancer.targetGroup.arn, containerName: CONTAINER_NAME, containerPort },
      ],
      healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? 60,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      // New tasks start before old ones stop: a deploy never drops below the running count.
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      // After an AZ recovers, ECS moves tasks back so they stay spread over every AZ.
      availabilityZoneRebalancing: 'ENABLED',
      enableExecuteCommand: false,
      enableEcsManagedTags: true,
      propagateTags: 'SERVICE',
      // Autoscaling owns the count after create; without this every apply would reset it.
      lifecycle: { ignoreChanges: ['desired_count'] },
      // `apply` fails when tasks cannot reach a steady state (say, the image tag was never pushed) instead of
      // reporting success while the circuit breaker stops the deployment.
      waitForSteadyState: true,
      // ECS rejects a target group that no listener uses yet; the first tasks need their roles' permissions
      // (image pull, logs, table), which IAM creates after the roles themselves.
      dependsOn: [props.loadBalancer.listenerRule, executionRole.policy, taskRole.policy],
    });

    this.scalableTarget = this.addAutoscaling(props);
  }

  private createSecurityGroup(props: ContainerServiceProps, containerPort: number): SecurityGroup {
    const securityGroup = new SecurityGroup(this, 'security-group', {
      namePrefix: `${props.name}-tasks-`,
      // A replacement (e.g. a new description) is created before the old group goes: ENIs keep a group.
      lifecycle: { createBeforeDestroy: true },
      description: `Tasks of ${props.name}: the container port from the ALB only, HTTPS out to AWS APIs`,
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-tasks` },
    });
    new VpcSecurityGroupIngressRule(this, 'ingress-from-alb', {
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: props.loadBalancer.securityGroup.id,
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
    props.loadBalancer.allowTrafficToTargets(
      securityGroup.id,
      `Requests and health checks to the tasks of ${props.name}`,
    );
    return securityGroup;
  }

  private addAutoscaling(props: ContainerServiceProps): AppautoscalingTarget {
    const target = new AppautoscalingTarget(this, 'scalable-target', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${this.cluster.name}/${this.service.name}`,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
    });
    const trackingPolicy = (metric: 'CPU' | 'Memory', targetPercent: number) =>
      new AppautoscalingPolicy(this, `${metric.toLowerCase()}-target-tracking`, {
        name: `${props.name}-${metric.toLowerCase()}-target-tracking`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: `ECSServiceAverage${metric}Utilization` },
          targetValue: targetPercent,
          scaleInCooldown: props.scaleInCooldownSeconds ?? 300,
          scaleOutCooldown: props.scaleOutCooldownSeconds ?? 60,
        },
      });
    trackingPolicy('CPU', props.cpuTargetPercent ?? 60);
    trackingPolicy('Memory', props.memoryTargetPercent ?? 75);
    return target;
  }
}
