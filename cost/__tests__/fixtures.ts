/** Test helpers: small Terraform JSON stacks written by hand, read as the cost tool reads synthesized ones. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StackReader } from '../../lib/terraform-json/stack';
import type { TrafficProfile } from '../usage';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

export const PROVIDERS = {
  aws: [{ region: 'eu-west-1' }, { region: 'us-east-1', alias: 'us_east_1' }],
};

export function stackJson(resources: Resources, traffic?: TrafficProfile): Record<string, unknown> {
  return {
    '//': { environment: { name: 'test', production: false, ...(traffic ? { traffic } : {}) } },
    provider: PROVIDERS,
    resource: resources,
  };
}

export function stackOf(resources: Resources, traffic?: TrafficProfile, name = 'test'): StackReader {
  return new StackReader(name, `${name}/cdk.tf.json`, stackJson(resources, traffic));
}

const dirs: string[] = [];

/** A cdktf-like output directory (stacks/NAME/cdk.tf.json) in a temp dir, removed by removeTempDirs. */
export function writeOutDir(stacks: Record<string, Record<string, unknown>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cost-test-'));
  dirs.push(dir);
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, 'stacks', name), { recursive: true });
    writeFileSync(join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json));
  }
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A Fargate service with its task definition, cluster, target group, listener, load balancer and autoscaling. */
export function fargateService(options: {
  cpu: number;
  memory: number;
  architecture?: 'X86_64' | 'ARM64';
  min: number;
  max: number;
  spot?: boolean;
  insights?: 'enabled' | 'disabled' | 'enhanced';
  cpuTarget?: number;
}): Resources {
  return {
    aws_ecs_cluster: {
      cluster: { name: 'c', setting: [{ name: 'containerInsights', value: options.insights ?? 'enabled' }] },
    },
    aws_cloudwatch_log_group: { app: { name: '/ecs/c', retention_in_days: 30 } },
    aws_ecs_task_definition: {
      task: {
        family: 'c',
        cpu: String(options.cpu),
        memory: String(options.memory),
        runtime_platform: { cpu_architecture: options.architecture ?? 'X86_64', operating_system_family: 'LINUX' },
        container_definitions: JSON.stringify([
          {
            name: 'app',
            healthCheck: { command: ['CMD', 'true'], interval: 30 },
            logConfiguration: {
              logDriver: 'awslogs',
              options: { 'awslogs-group': '${aws_cloudwatch_log_group.app.name}' },
            },
          },
        ]),
      },
    },
    aws_ecs_service: {
      service: {
        name: 'c',
        cluster: '${aws_ecs_cluster.cluster.arn}',
        task_definition: '${aws_ecs_task_definition.task.arn}',
        desired_count: options.min,
        ...(options.spot
          ? { capacity_provider_strategy: [{ capacity_provider: 'FARGATE_SPOT', weight: 1 }] }
          : { launch_type: 'FARGATE' }),
        network_configuration: { subnets: ['a', 'b'], assign_public_ip: false },
        load_balancer: [
          { target_group_arn: '${aws_lb_target_group.tg.arn}', container_name: 'app', container_port: 3000 },
        ],
      },
    },
    aws_lb: { alb: { internal: true, load_balancer_type: 'application', subnets: ['a', 'b'] } },
    aws_lb_target_group: { tg: { health_check: { enabled: true, interval: 15 } } },
    aws_lb_listener: {
      https: { load_balancer_arn: '${aws_lb.alb.arn}', default_action: [{ type: 'fixed-response' }] },
    },
    aws_lb_listener_rule: {
      verified: {
        listener_arn: '${aws_lb_listener.https.arn}',
        action: [{ target_group_arn: '${aws_lb_target_group.tg.arn}' }],
      },
    },
    aws_appautoscaling_target: {
      target: {
        resource_id: 'service/${aws_ecs_cluster.cluster.name}/${aws_ecs_service.service.name}',
        min_capacity: options.min,
        max_capacity: options.max,
      },
    },
    aws_appautoscaling_policy: {
      cpu: {
        policy_type: 'TargetTrackingScaling',
        resource_id: '${aws_appautoscaling_target.target.resource_id}',
        target_tracking_scaling_policy_configuration: {
          predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' },
          target_value: options.cpuTarget ?? 50,
        },
      },
    },
  };
}
