import type { Kind } from './catalog';

/** `request`: the path a client's request takes. `support`: what keeps it running (images, logs, certificates). */
export type Flow = 'request' | 'support';

/**
 * What a reference from a component of kind `from` to one of kind `to` means on the diagram. A reference points
 * from the configured resource to what it uses, which is not always the way traffic goes: `reverse` turns the arrow
 * (the ECS service names the target group, but the load balancer sends to the tasks). `via`: when the referring
 * resource also references a component of that kind, the hop passes through it (the API Gateway integration names
 * both the VPC link and the ALB listener: API -> VPC link -> ALB).
 * References between kinds not listed here draw nothing.
 */
export interface FlowRule {
  readonly from: Kind;
  readonly to: Kind;
  readonly flow: Flow;
  readonly label: string;
  readonly reverse?: boolean;
  readonly via?: Kind;
}

export const FLOW_RULES: readonly FlowRule[] = [
  { from: 'dns', to: 'cdn', flow: 'request', label: 'alias' },
  { from: 'cdn', to: 'api', flow: 'request', label: 'HTTPS origin' },
  { from: 'cdn', to: 'waf', flow: 'support', label: 'web ACL' },
  { from: 'cdn', to: 'certificate', flow: 'support', label: 'TLS' },
  { from: 'cdn', to: 'bucket', flow: 'support', label: 'access logs' },
  { from: 'api', to: 'alb', flow: 'request', label: 'HTTPS', via: 'vpcLink' },
  { from: 'api', to: 'vpcLink', flow: 'request', label: 'private integration' },
  { from: 'api', to: 'certificate', flow: 'support', label: 'TLS' },
  { from: 'api', to: 'logs', flow: 'support', label: 'access logs' },
  { from: 'alb', to: 'certificate', flow: 'support', label: 'TLS' },
  { from: 'alb', to: 'bucket', flow: 'support', label: 'access logs' },
  { from: 'fargate', to: 'alb', flow: 'request', label: 'target group', reverse: true },
  { from: 'fargate', to: 'table', flow: 'request', label: 'read / write' },
  { from: 'fargate', to: 'registry', flow: 'support', label: 'image pull', reverse: true },
  { from: 'fargate', to: 'logs', flow: 'support', label: 'app logs' },
  { from: 'waf', to: 'logs', flow: 'support', label: 'WAF logs' },
  { from: 'flowLogs', to: 'logs', flow: 'support', label: 'flow logs' },
  { from: 'alarms', to: 'alarmTopic', flow: 'support', label: 'notify' },
];

export function flowRuleFor(from: Kind, to: Kind): FlowRule | undefined {
  return FLOW_RULES.find((rule) => rule.from === from && rule.to === to);
}
