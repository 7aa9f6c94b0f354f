import {
  SecurityGroup,
  type SecurityGroupEgress,
  type SecurityGroupIngress,
} from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import type { SecurityGroupPeer } from './connections';

export interface TierSecurityGroupProps {
  /** VPC the group belongs to. */
  readonly vpcId: string;
  /** Prefix of resource names in the environment, e.g. `shortlinks-dev`. */
  readonly name: string;
  /**
   * What the group guards, one short word (`alb`, `tasks`, `vpc-link`): its Name tag is `<name>-<role>`, and ids of
   * rules other tiers add for it derive from it (`https-from-vpc-link`), never from call order.
   */
  readonly role: string;
  /** Says what may come in and go out, for whoever reads the group in the console. */
  readonly description: string;
  /**
   * Inline rules, for a group whose rules never change after creation (the interface endpoints').
   * @default none: a tier group's rules are separate resources, so each tier adds the hop it owns
   */
  readonly ingress?: SecurityGroupIngress[];
  /**
   * Inline egress rules; an empty list removes every egress rule, AWS's default allow-all included.
   * @default none: separate rules, as for `ingress`
   */
  readonly egress?: SecurityGroupEgress[];
}

/**
 * The security group of one tier: named by prefix (Terraform adds a unique suffix, so a replacement can exist next
 * to the group it replaces) and created before the old one is destroyed, because network interfaces keep their group
 * until they are moved. It is the `aws_security_group` resource itself, not a wrapper around one, so tiers that
 * switch to it keep their Terraform addresses.
 *
 * Use inline `ingress`/`egress` or separate rule resources, never both: they would overwrite each other on every
 * apply.
 */
export class TierSecurityGroup extends SecurityGroup implements SecurityGroupPeer {
  readonly role: string;

  constructor(scope: Construct, id: string, props: TierSecurityGroupProps) {
    super(scope, id, {
      vpcId: props.vpcId,
      namePrefix: `${props.name}-${props.role}-`,
      // A replacement (e.g. a new description) is created before the old group goes: ENIs keep a group.
      lifecycle: { createBeforeDestroy: true },
      description: props.description,
      ingress: props.ingress,
      egress: props.egress,
      tags: { Name: `${props.name}-${props.role}` },
    });
    this.role = props.role;
  }

  /** The group's id, under the name the peer interface gives it. */
  get securityGroupId(): string {
    return this.id;
  }
}
