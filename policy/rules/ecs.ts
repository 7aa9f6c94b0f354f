import { fargateSizeProblem } from '../../lib/fargate';
import {
  type Body,
  asNumber,
  at,
  blocks,
  firstBlock,
  isObject,
  isTrue,
  strings,
} from '../../lib/terraform-json/attributes';
import { eachContainer } from '../model/containers';
import { mentions, referencesIn } from '../../lib/terraform-json/references';
import type { Block, StackModel } from '../model/stack';
import { type Rule, type Upstream, type Violation, laxer, stricter, upstream } from '../rule';

const SECRET_NAME = /secret|passw(or)?d|pwd|token|api[_-]?key|private[_-]?key|credential/i;
const SECRET_VALUE = /AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const CPU_METRIC = 'ECSServiceAverageCPUUtilization';
const PRODUCTION_MIN_TASKS = 2;

function containerRule(
  id: string,
  title: string,
  problem: (container: Body) => string | undefined,
  upstreamIds: readonly Upstream[],
): Rule {
  return {
    id,
    severity: 'error',
    section: 'ecs',
    title,
    upstream: upstreamIds,
    check: (stack) =>
      eachContainer(stack.resources('aws_ecs_task_definition')).flatMap(({ task, container, label }) => {
        const found = problem(container);
        return found ? [{ at: task, message: `${label}: ${found}` }] : [];
      }),
  };
}

function isFargateService(service: Block): boolean {
  if (service.body.launch_type === 'FARGATE') return true;
  return blocks(service.body.capacity_provider_strategy).some((s) => String(s.capacity_provider).startsWith('FARGATE'));
}

function ecsScalingTargets(stack: StackModel, service: Block): Block[] {
  return stack
    .resources('aws_appautoscaling_target')
    .filter((target) => target.body.service_namespace === 'ecs' && mentions(target.body.resource_id, service.address));
}

function cpuTargetTracking(stack: StackModel, target: Block): Block[] {
  return stack.resources('aws_appautoscaling_policy').filter((policy) => {
    const forTarget =
      mentions(policy.body.resource_id, target.address) || policy.body.resource_id === target.body.resource_id;
    const metric = at(policy.body, 'target_tracking_scaling_policy_configuration.predefined_metric_specification');
    return (
      forTarget &&
      policy.body.policy_type === 'TargetTrackingScaling' &&
      firstBlock(metric)?.predefined_metric_type === CPU_METRIC
    );
  });
}

function serviceAvailabilityZones(stack: StackModel, service: Block): Violation[] {
  const subnetsValue = at(service.body, 'network_configuration.subnets');
  const refs = referencesIn(subnetsValue);
  const subnets = refs.flatMap((ref) => {
    const block = stack.block(ref.address);
    return block?.type === 'aws_subnet' ? [block] : [];
  });
  if (subnets.length === 0 || subnets.length !== refs.length) {
    return [
      {
        at: service,
        message: `cannot tell the AZs of subnets ${JSON.stringify(subnetsValue)}: they are not all aws_subnet resources of this stack`,
      },
    ];
  }
  const zones = new Set(subnets.map((s) => JSON.stringify(s.body.availability_zone ?? s.body.availability_zone_id)));
  return zones.size >= 2 ? [] : [{ at: service, message: `its subnets are all in one AZ (${[...zones].join(', ')})` }];
}

export const ecsRules: Rule[] = [
  {
    id: 'CKV_AWS_65',
    severity: 'error',
    section: 'ecs',
    title: 'ECS clusters enable Container Insights (containerInsights enabled or enhanced).',
    upstream: [
      upstream(
        'CKV_AWS_65',
        'Ensure container insights are enabled on ECS cluster',
        laxer('"enhanced" (Container Insights with enhanced observability, newer than the check) counts as enabled'),
      ),
    ],
    check: (stack) =>
      stack
        .resources('aws_ecs_cluster')
        .filter(
          (cluster) =>
            !blocks(cluster.body.setting).some(
              (s) => s.name === 'containerInsights' && ['enabled', 'enhanced'].includes(String(s.value)),
            ),
        )
        .map((cluster) => ({ at: cluster, message: 'setting containerInsights is not enabled or enhanced' })),
  },
  {
    id: 'CKV_AWS_223',
    severity: 'error',
    section: 'ecs',
    title: 'When ECS Exec is configured, its session logging is not NONE.',
    upstream: [upstream('CKV_AWS_223', 'Ensure ECS Cluster enables logging of ECS Exec')],
    check: (stack) =>
      stack
        .resources('aws_ecs_cluster')
        .filter((cluster) => at(cluster.body, 'configuration.execute_command_configuration.logging') === 'NONE')
        .map((cluster) => ({ at: cluster, message: 'execute_command_configuration.logging is NONE' })),
  },
  {
    id: 'CKV_AWS_333',
    severity: 'error',
    section: 'ecs',
    title: 'ECS services do not assign public IPs to tasks.',
    upstream: [
      upstream('CKV_AWS_333', 'Ensure ECS services do not have public IP addresses assigned to them automatically'),
    ],
    check: (stack) =>
      stack
        .resources('aws_ecs_service')
        .filter((service) => isTrue(at(service.body, 'network_configuration.assign_public_ip')))
        .map((service) => ({ at: service, message: 'network_configuration.assign_public_ip is true' })),
  },
  {
    id: 'CKV_AWS_332',
    severity: 'warning',
    section: 'ecs',
    title: 'Fargate services run the LATEST platform version (leave platform_version unset or LATEST).',
    upstream: [
      upstream(
        'CKV_AWS_332',
        'Ensure ECS Fargate services run on the latest Fargate platform version',
        stricter(
          'a service on a FARGATE or FARGATE_SPOT capacity provider counts as Fargate, not only launch_type FARGATE',
        ),
      ),
    ],
    check: (stack) =>
      stack
        .resources('aws_ecs_service')
        .filter(isFargateService)
        .filter((service) => service.body.platform_version !== undefined && service.body.platform_version !== 'LATEST')
        .map((service) => ({ at: service, message: `platform_version is pinned to ${service.body.platform_version}` })),
  },
  containerRule(
    'CKV_AWS_336',
    'Containers have a read-only root filesystem (give Node a writable /tmp volume).',
    (c) => (isTrue(c.readonlyRootFilesystem) ? undefined : 'readonlyRootFilesystem is not true'),
    [upstream('CKV_AWS_336', 'Ensure ECS containers are limited to read-only access to root filesystems')],
  ),
  containerRule(
    'CKV_AWS_334',
    'Containers are not privileged.',
    (c) => (isTrue(c.privileged) ? 'privileged is true' : undefined),
    [upstream('CKV_AWS_334', 'Ensure ECS containers should run as non-privileged')],
  ),
  {
    id: 'CKV_AWS_335',
    severity: 'error',
    section: 'ecs',
    title: "Task definitions do not share the host's process namespace (pid_mode host).",
    upstream: [upstream('CKV_AWS_335', "Ensure ECS task definitions should not share the host's process namespace")],
    check: (stack) =>
      stack
        .resources('aws_ecs_task_definition')
        .filter((task) => task.body.pid_mode === 'host')
        .map((task) => ({ at: task, message: 'pid_mode is host' })),
  },
  {
    id: 'CKV_AWS_249',
    severity: 'error',
    section: 'ecs',
    title: 'The task execution role differs from the task role (pulling images is not the app’s permission).',
    upstream: [
      upstream(
        'CKV_AWS_249',
        'Ensure that the Execution Role ARN and the Task Role ARN are different in ECS Task definitions',
      ),
    ],
    check: (stack) =>
      stack
        .resources('aws_ecs_task_definition')
        .filter(
          (task) => task.body.task_role_arn !== undefined && task.body.task_role_arn === task.body.execution_role_arn,
        )
        .map((task) => ({
          at: task,
          message: `execution_role_arn and task_role_arn are both ${task.body.task_role_arn}`,
        })),
  },
  containerRule(
    'NAG-ECS7',
    'Every container has a logConfiguration.',
    (c) => (isObject(c.logConfiguration) ? undefined : 'no logConfiguration'),
    [
      upstream(
        'NAG-ECS7',
        'AwsSolutions-ECS7: one or more containers in the ECS Task Definition do not have container logging enabled',
        stricter('severity error; cdk-nag warns'),
      ),
    ],
  ),
  containerRule(
    'NAG-ECS2',
    'No secret-looking values in container environment; secrets come through `secrets`.',
    (c) => {
      const suspicious = blocks(c.environment).filter(
        (variable) => SECRET_NAME.test(String(variable.name)) || SECRET_VALUE.test(String(variable.value)),
      );
      return suspicious.length
        ? `environment ${suspicious.map((v) => v.name).join(', ')} look like secrets; pass them through secrets`
        : undefined;
    },
    [
      upstream(
        'NAG-ECS2',
        'AwsSolutions-ECS2: the ECS Task Definition includes a container definition that directly specifies environment variables',
        laxer(
          'only variables whose name or value looks like a secret fail; cdk-nag refuses every environment variable, but plain settings (port, table name, log level) belong in the task definition, where a deploy shows them',
        ),
        stricter('severity error; cdk-nag warns'),
      ),
    ],
  ),
  {
    id: 'CUSTOM_ECS_CIRCUIT_BREAKER',
    severity: 'error',
    section: 'ecs',
    title: 'ECS services enable the deployment circuit breaker with rollback, so a failed deploy reverts itself.',
    check: (stack) =>
      stack
        .resources('aws_ecs_service')
        .filter((service) => [undefined, 'ECS'].includes(at(service.body, 'deployment_controller.type') as string))
        .filter((service) => {
          const breaker = firstBlock(service.body.deployment_circuit_breaker);
          return !(breaker && isTrue(breaker.enable) && isTrue(breaker.rollback));
        })
        .map((service) => ({
          at: service,
          message: 'deployment_circuit_breaker does not have enable and rollback true',
        })),
  },
  {
    id: 'CUSTOM_ECS_MULTI_AZ',
    severity: 'error',
    section: 'ecs',
    title: 'ECS services place tasks in subnets spanning at least two AZs.',
    check: (stack) => stack.resources('aws_ecs_service').flatMap((service) => serviceAvailabilityZones(stack, service)),
  },
  {
    id: 'CUSTOM_ECS_MIN_CAPACITY',
    severity: 'error',
    section: 'ecs',
    title: `In production, ECS autoscaling keeps at least ${PRODUCTION_MIN_TASKS} tasks (min_capacity), one AZ failure away from none.`,
    check: (stack) =>
      !stack.production
        ? []
        : stack
            .resources('aws_appautoscaling_target')
            .filter((target) => target.body.service_namespace === 'ecs')
            .filter((target) => (asNumber(target.body.min_capacity) ?? 0) < PRODUCTION_MIN_TASKS)
            .map((target) => ({ at: target, message: `min_capacity is ${target.body.min_capacity ?? 'unset'}` })),
  },
  {
    id: 'CUSTOM_ECS_CPU_SCALING',
    severity: 'error',
    section: 'ecs',
    title: `ECS services have an autoscaling target with a target-tracking policy on ${CPU_METRIC}.`,
    check: (stack) =>
      stack.resources('aws_ecs_service').flatMap((service) => {
        const targets = ecsScalingTargets(stack, service);
        if (targets.length === 0) return [{ at: service, message: 'no aws_appautoscaling_target names this service' }];
        if (targets.some((target) => cpuTargetTracking(stack, target).length > 0)) return [];
        return [{ at: service, message: `no TargetTrackingScaling policy on ${CPU_METRIC} for its scaling target` }];
      }),
  },
  {
    id: 'CUSTOM_ECS_IGNORE_DESIRED_COUNT',
    severity: 'error',
    section: 'ecs',
    title: 'ECS services ignore changes to desired_count, or every apply would undo autoscaling.',
    check: (stack) =>
      stack
        .resources('aws_ecs_service')
        .filter((service) => {
          const ignored = at(service.body, 'lifecycle.ignore_changes');
          return ignored !== 'all' && !strings(ignored).includes('desired_count');
        })
        .map((service) => ({ at: service, message: 'lifecycle.ignore_changes does not include desired_count' })),
  },
  {
    id: 'CUSTOM_ECS_FARGATE_SIZE',
    severity: 'error',
    section: 'ecs',
    title: 'Fargate task cpu/memory is a valid Fargate pair (only ECS rejects a bad one, at apply time).',
    check: (stack) =>
      stack
        .resources('aws_ecs_task_definition')
        .filter((task) => strings(task.body.requires_compatibilities).includes('FARGATE'))
        .flatMap((task) => {
          const cpu = asNumber(task.body.cpu);
          const memory = asNumber(task.body.memory);
          const problem =
            cpu === undefined || memory === undefined
              ? `cpu ${JSON.stringify(task.body.cpu)} and memory ${JSON.stringify(task.body.memory)} must both be set as numbers`
              : fargateSizeProblem(cpu, memory);
          return problem ? [{ at: task, message: problem }] : [];
        }),
  },
];
