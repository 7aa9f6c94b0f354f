import { Apigatewayv2VpcLink } from '@cdktf/provider-aws/lib/apigatewayv2-vpc-link';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Construct } from 'constructs';
import type { ListenerEndpoint } from '../shared/connections';
import { TierSecurityGroup } from '../shared/security-group';

export interface PrivateVpcLinkProps {
  /** Name of the link, and prefix of its security group. */
  readonly name: string;
  /** VPC of the subnets and of the link's security group. */
  readonly vpcId: string;
  /** Private subnets the link's network interfaces live in (one per AZ, for availability). */
  readonly subnetIds: string[];
  /** The only place the link may reach: the internal ALB's listener, through its security group on its port. */
  readonly listener: ListenerEndpoint;
}

/**
 * A VPC link (v2) with a security group of its own. API Gateway opens every connection, so the group takes
 * no ingress at all, and its only egress is HTTPS to the ALB's group: the first link of the
 * VPC link → ALB → tasks chain, in which each group admits only the hop before it.
 */
export class PrivateVpcLink extends Construct {
  readonly vpcLink: Apigatewayv2VpcLink;
  readonly securityGroup: TierSecurityGroup;

  constructor(scope: Construct, id: string, props: PrivateVpcLinkProps) {
    super(scope, id);
    const { listener } = props;
    // No inline ingress/egress blocks: they would fight the separate rules on every apply.
    this.securityGroup = new TierSecurityGroup(this, 'security-group', {
      vpcId: props.vpcId,
      name: props.name,
      role: 'vpc-link',
      description: 'API Gateway VPC link: no ingress; HTTPS to the internal ALB only',
    });
    new VpcSecurityGroupEgressRule(this, 'https-to-alb', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS from the API Gateway VPC link to the internal ALB',
      ipProtocol: 'tcp',
      fromPort: listener.port,
      toPort: listener.port,
      referencedSecurityGroupId: listener.destination.securityGroupId,
    });
    listener.allowFrom(this.securityGroup, 'HTTPS from the API Gateway VPC link');
    this.vpcLink = new Apigatewayv2VpcLink(this, 'vpc-link', {
      name: props.name,
      subnetIds: props.subnetIds,
      securityGroupIds: [this.securityGroup.id],
      tags: { Name: props.name },
    });
  }
}
