/**
 * What one synthesized stack does in a month under a usage profile, read from its resources: how many tasks
 * run and what size, how many health checks reach them, and how many bytes each log destination receives.
 * The pricers (pricing.ts) turn these into billed quantities; this file knows how the resources connect.
 */
import { asNumber, at, blocks, firstBlock, isObject, isTrue } from '../lib/terraform-json/attributes';
import { decodeDocument } from '../lib/terraform-json/document';
import { mentions } from '../lib/terraform-json/references';
import type { StackReader, TerraformBlock } from '../lib/terraform-json/stack';
import { ASSUMPTIONS, BYTES_PER_GB, HOURS_PER_MONTH, type Usage } from './usage';

/** ALB target-group health-check interval when the block states none (AWS default for ip targets). */
const DEFAULT_TARGET_HEALTH_INTERVAL = 30;
/** ECS container health-check interval when the container states none (AWS default). */
const DEFAULT_CONTAINER_HEALTH_INTERVAL = 30;

export type Architecture = 'X86_64' | 'ARM64';

export interface ServiceUsage {
  readonly block: TerraformBlock;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly architecture: Architecture;
  /** Tasks running on Fargate Spot and on regular Fargate, this profile. */
  readonly spotTasks: number;
  readonly onDemandTasks: number;
  readonly assignPublicIp: boolean;
  /** Load-balancer health checks a month, over all tasks and every load-balancer node. */
  readonly targetHealthChecks: number;
  /** The container's own health checks a month, over all tasks. */
  readonly containerHealthChecks: number;
  /** Log groups the containers write to (by `awslogs-group` reference). */
  readonly logGroupAddresses: readonly string[];
  readonly taskDefinition: TerraformBlock | undefined;
}

const monthlyChecks = (intervalSeconds: number): number => (3600 / intervalSeconds) * HOURS_PER_MONTH;

/** The region-less construct of one stack and one profile; every reader below is computed once. */
export class StackUsage {
  private servicesCache: ServiceUsage[] | undefined;

  constructor(
    readonly stack: StackReader,
    readonly usage: Usage,
  ) {}

  get totalTasks(): number {
    return this.services.reduce((sum, service) => sum + service.spotTasks + service.onDemandTasks, 0);
  }

  get services(): ServiceUsage[] {
    this.servicesCache ??= this.stack.resources('aws_ecs_service').map((service) => this.readService(service));
    return this.servicesCache;
  }

  serviceOf(block: TerraformBlock): ServiceUsage {
    const found = this.services.find((service) => service.block.address === block.address);
    if (!found) throw new Error(`${block.address} is not an ECS service of stack ${this.stack.name}.`);
    return found;
  }

  /** Requests the service answers: the profile's origin requests spread over every service (one here). */
  private originRequestsPerService(): number {
    const count = this.stack.resources('aws_ecs_service').length;
    return count === 0 ? 0 : this.usage.originRequests / count;
  }

  private readService(service: TerraformBlock): ServiceUsage {
    const taskDefinition = this.stack.target(service.body.task_definition);
    const cpuUnits = asNumber(taskDefinition?.body.cpu);
    const memoryMb = asNumber(taskDefinition?.body.memory);
    if (cpuUnits === undefined || memoryMb === undefined) {
      throw new Error(
        `${service.address}: its task definition must state cpu and memory literally to be priced (Fargate bills them).`,
      );
    }
    const vcpu = cpuUnits / 1024;
    const architecture = at(taskDefinition?.body, 'runtime_platform.cpu_architecture') === 'ARM64' ? 'ARM64' : 'X86_64';
    const tasks = this.taskCount(service, vcpu);
    const spotTasks = Math.min(tasks, Math.round(tasks * this.spotShare(service, tasks)));
    const containers = this.containers(taskDefinition);
    const containerInterval = Math.min(
      ...containers.map(
        (container) =>
          asNumber(at(container, 'healthCheck.interval')) ??
          (container.healthCheck ? DEFAULT_CONTAINER_HEALTH_INTERVAL : Infinity),
      ),
      Infinity,
    );
    return {
      block: service,
      vcpu,
      memoryGb: memoryMb / 1024,
      architecture,
      spotTasks,
      onDemandTasks: tasks - spotTasks,
      assignPublicIp: isTrue(at(service.body, 'network_configuration.assign_public_ip')),
      targetHealthChecks: tasks * this.targetChecksPerTask(service),
      containerHealthChecks: Number.isFinite(containerInterval) ? tasks * monthlyChecks(containerInterval) : 0,
      logGroupAddresses: this.stack
        .resources('aws_cloudwatch_log_group')
        .filter(
          (group) => taskDefinition !== undefined && mentions(taskDefinition.body.container_definitions, group.address),
        )
        .map((group) => group.address),
      taskDefinition,
    };
  }

  private containers(taskDefinition: TerraformBlock | undefined): Record<string, unknown>[] {
    if (!taskDefinition) return [];
    const decoded = decodeDocument(taskDefinition.body.container_definitions);
    return decoded.kind === 'value' && Array.isArray(decoded.value) ? decoded.value.filter(isObject) : [];
  }

  /**
   * Idle: the autoscaling minimum (else the desired count). Traffic: enough tasks to serve the origin
   * requests at the CPU target-tracking target, within the autoscaling range.
   */
  private taskCount(service: TerraformBlock, vcpu: number): number {
    const target = this.stack.users(service, 'aws_appautoscaling_target')[0];
    const desired = asNumber(service.body.desired_count) ?? 1;
    const min = asNumber(target?.body.min_capacity) ?? desired;
    const max = asNumber(target?.body.max_capacity) ?? Math.max(min, desired);
    if (this.usage.originRequests === 0) return min;
    const cpuTarget = this.cpuTargetPercent(target) / 100;
    const perTask = ASSUMPTIONS.requestsPerVcpuSecond * vcpu * cpuTarget;
    const rps = this.originRequestsPerService() / (HOURS_PER_MONTH * 3600);
    return Math.min(max, Math.max(min, Math.ceil(rps / perTask)));
  }

  private cpuTargetPercent(target: TerraformBlock | undefined): number {
    if (!target) return 100;
    const policy = this.stack
      .users(target, 'aws_appautoscaling_policy')
      .concat(
        this.stack.resources('aws_appautoscaling_policy').filter((p) => p.body.resource_id === target.body.resource_id),
      )
      .find(
        (p) =>
          at(
            p.body,
            'target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type',
          ) === 'ECSServiceAverageCPUUtilization',
      );
    return asNumber(at(policy?.body, 'target_tracking_scaling_policy_configuration.target_value')) ?? 100;
  }

  /** Share of tasks on FARGATE_SPOT from the capacity provider strategy: `base` first, then by `weight`. */
  private spotShare(service: TerraformBlock, tasks: number): number {
    const strategy = blocks(service.body.capacity_provider_strategy);
    if (strategy.length === 0 || tasks === 0) return 0;
    let remaining = tasks;
    let spot = 0;
    for (const item of strategy) {
      const base = Math.min(remaining, asNumber(item.base) ?? 0);
      if (item.capacity_provider === 'FARGATE_SPOT') spot += base;
      remaining -= base;
    }
    const totalWeight = strategy.reduce((sum, item) => sum + (asNumber(item.weight) ?? 0), 0);
    const spotWeight = strategy
      .filter((item) => item.capacity_provider === 'FARGATE_SPOT')
      .reduce((sum, item) => sum + (asNumber(item.weight) ?? 0), 0);
    if (totalWeight > 0) spot += (remaining * spotWeight) / totalWeight;
    return spot / tasks;
  }

  /** Health checks one task receives a month: every target group it is in, from every load-balancer node. */
  private targetChecksPerTask(service: TerraformBlock): number {
    return blocks(service.body.load_balancer).reduce((sum, attachment) => {
      const targetGroup = this.stack.target(attachment.target_group_arn);
      if (!targetGroup) return sum;
      const healthCheck = firstBlock(targetGroup.body.health_check);
      if (healthCheck && healthCheck.enabled === false) return sum;
      const interval = asNumber(healthCheck?.interval) ?? DEFAULT_TARGET_HEALTH_INTERVAL;
      return sum + monthlyChecks(interval) * this.loadBalancerNodes(targetGroup);
    }, 0);
  }

  /** Nodes (one per subnet) of the load balancers whose listeners forward to a target group. */
  private loadBalancerNodes(targetGroup: TerraformBlock): number {
    const listeners = new Set<TerraformBlock>();
    for (const user of this.stack.users(targetGroup, 'aws_lb_listener', 'aws_lb_listener_rule')) {
      const listener = user.type === 'aws_lb_listener' ? user : this.stack.target(user.body.listener_arn);
      if (listener) listeners.add(listener);
    }
    const balancers = new Set(
      [...listeners]
        .map((listener) => this.stack.target(listener.body.load_balancer_arn))
        .filter((lb) => lb !== undefined),
    );
    return [...balancers].reduce((sum, lb) => sum + subnetCount(lb), 0) || 1;
  }

  /** Load-balancer and container health checks a month over every service. */
  get healthChecks(): { target: number; container: number } {
    return this.services.reduce(
      (sum, service) => ({
        target: sum.target + service.targetHealthChecks,
        container: sum.container + service.containerHealthChecks,
      }),
      { target: 0, container: 0 },
    );
  }

  /** GB a month the containers log: one access-log line per health check and per origin request. */
  appLogGb(group: TerraformBlock): number {
    const writers = this.services.filter((service) => service.logGroupAddresses.includes(group.address));
    if (writers.length === 0) return 0;
    const lines = writers.reduce(
      (sum, service) => sum + service.targetHealthChecks + service.containerHealthChecks,
      this.usage.originRequests,
    );
    return (lines * ASSUMPTIONS.appLogBytesPerRequest) / BYTES_PER_GB;
  }

  /** GB a month of flow-log records: the health checks' flows and the origin traffic's. */
  get flowLogGb(): number {
    const records =
      this.healthChecks.target * ASSUMPTIONS.flowLogRecordsPerHealthCheck +
      this.usage.originRequests * ASSUMPTIONS.flowLogRecordsPerOriginRequest;
    return (records * ASSUMPTIONS.flowLogBytesPerRecord) / BYTES_PER_GB;
  }

  /** GB a month of WAF logs into a destination: every request, or only blocked and counted ones when filtered. */
  wafLogGb(logging: TerraformBlock): number {
    const share = keepsOnlyBlockedOrCounted(logging) ? ASSUMPTIONS.wafBlockedOrCountedShare : 1;
    return (this.usage.edgeRequests * share * ASSUMPTIONS.wafLogBytesPerRequest) / BYTES_PER_GB;
  }

  get apiAccessLogGb(): number {
    return (this.usage.originRequests * ASSUMPTIONS.apiAccessLogBytesPerRequest) / BYTES_PER_GB;
  }

  /** Bytes a month the tasks send to CloudWatch Logs: through a `logs` interface endpoint if any, else NAT. */
  get taskLogGb(): number {
    return this.stack.resources('aws_cloudwatch_log_group').reduce((sum, group) => sum + this.appLogGb(group), 0);
  }

  /** Whether the VPC has an interface endpoint for an AWS API (`logs`, `ecr.api`, ...). */
  hasInterfaceEndpoint(service: string): boolean {
    return this.stack
      .resources('aws_vpc_endpoint')
      .some(
        (endpoint) =>
          endpoint.body.vpc_endpoint_type === 'Interface' && String(endpoint.body.service_name).endsWith(`.${service}`),
      );
  }
}

export function subnetCount(block: TerraformBlock): number {
  const subnets = block.body.subnets ?? block.body.subnet_ids;
  if (Array.isArray(subnets)) return subnets.length;
  return blocks(block.body.subnet_mapping).length;
}

/** A logging filter that drops by default and keeps BLOCK and COUNT actions. */
export function keepsOnlyBlockedOrCounted(logging: TerraformBlock): boolean {
  const filter = firstBlock(logging.body.logging_filter);
  if (!filter || filter.default_behavior !== 'DROP') return false;
  const kept = new Set(
    blocks(filter.filter)
      .filter((f) => f.behavior === 'KEEP')
      .flatMap((f) => blocks(f.condition))
      .map((condition) => firstBlock(condition.action_condition)?.action)
      .filter((action): action is string => typeof action === 'string'),
  );
  return kept.size > 0 && [...kept].every((action) => action === 'BLOCK' || action === 'COUNT');
}
