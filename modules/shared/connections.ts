import type { ITerraformDependable } from 'cdktf';

/**
 * How tiers meet: each offers a small interface for the hop it owns, and the tier on the other side consumes it,
 * adding its own rule and asking for the matching one (like `IConnectable` in aws-ec2 and the listener and target
 * group interfaces of aws-elbv2). No tier takes another tier's class.
 */

/** A security group as the other side of a rule sees it. */
export interface SecurityGroupPeer {
  /** What the group guards (`tasks`, `vpc-link`): ids of rules that reference it derive from it. */
  readonly role: string;
  /** The group's id (a Terraform reference). */
  readonly securityGroupId: string;
}

/** The load balancer's side of the load balancer → tasks hop, for the service that registers its tasks. */
export interface LoadBalancerTarget {
  /** Target group the service registers its tasks in. */
  readonly targetGroupArn: string;
  /** Port the target group sends requests and health checks to: the container port, one number for both sides. */
  readonly port: number;
  /** The load balancer's security group: the one peer the tasks admit on `port`. */
  readonly source: SecurityGroupPeer;
  /** What forwards to the target group; ECS rejects a target group no listener uses yet, so services depend on it. */
  readonly forwarding: ITerraformDependable;
  /** Opens the load balancer's egress to `targets` on `port`. The rule's id derives from `targets.role`. */
  allowTo(targets: SecurityGroupPeer, description: string): void;
}

/** The load balancer's side of the caller → listener hop, for what sends it requests (API Gateway's VPC link). */
export interface ListenerEndpoint {
  /** The listener's ARN: a private integration targets the listener, not the load balancer. */
  readonly listenerArn: string;
  /** The listener's port: the caller's egress must allow it. */
  readonly port: number;
  /** The load balancer's security group: the caller's one egress peer. */
  readonly destination: SecurityGroupPeer;
  /** Admits `caller` on `port`; nothing else reaches the load balancer. The rule's id derives from `caller.role`. */
  allowFrom(caller: SecurityGroupPeer, description: string): void;
}
