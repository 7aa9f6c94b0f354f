import { Apigatewayv2VpcLink } from '@cdktf/provider-aws/lib/apigatewayv2-vpc-link';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Construct } from 'constructs';

export interface PrivateVpcLinkProps {
  readonly name: string;
  readonly vpcId: string;
  /** Private subnets the link's network interfaces live in (one per AZ, for availability). */
  readonly subnetIds: string[];
  /** The only peer the link may reach: the internal ALB's security group, on its listener port. */
  readonly albSecurityGroupId: string;
  readonly albPort: number;
}

/**
 * A VPC link (v2) with a security group of its own. API Gateway opens every connection, so the group takes
 * no ingress at all, and its only egress is HTTPS to the ALB's group: the first link of the
 * VPC link → ALB → tasks chain, in which each group admits only the hop before it.
 */
export class PrivateVpcLink extends Construct {
  readonly vpcLink: Apigatewayv2VpcLink;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: PrivateVpcLinkProps) {
    super(scope, id);
    // No inline ingress/egress blocks: they would fight the separate rule below on every apply.
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      vpcId: props.vpcId,
      namePrefix: `${props.name}-vpc-link-`,
      // A replacement (e.g. a new description) is created before the old group goes: ENIs keep a group.
      lifecycle: { createBeforeDestroy: true },
      description: 'API Gateway VPC link: no ingress; HTTPS to the internal ALB only',
      tags: { Name: `${props.name}-vpc-link` },
    });
    new VpcSecurityGroupEgressRule(this, 'https-to-alb', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS from the API Gateway VPC link to the internal ALB',
      ipProtocol: 'tcp',
      fromPort: props.albPort,
      toPort: props.albPort,
      referencedSecurityGroupId: props.albSecurityGroupId,
    });
    this.vpcLink = new Apigatewayv2VpcLink(this, 'vpc-link', {
      name: props.name,
      subnetIds: props.subnetIds,
      securityGroupIds: [this.securityGroup.id],
      tags: { Name: props.name },
    });
  }
}
