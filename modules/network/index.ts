import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import { formatCidr, parseCidr, subnetCidr } from '../../lib/cidr';
import type { InterfaceEndpointService, NatMode } from '../../lib/network-options';
import { checkIntegerRange, checkMultiAz, invalidProp } from '../shared/validations';
import { ServiceRole } from '../shared/iam';
import { TierSecurityGroup } from '../shared/security-group';

export interface NetworkProps {
  /** Prefix for Name tags. */
  readonly name: string;
  /** IPv4 CIDR of the VPC. Each subnet takes 1/16 of it: private subnets the first slots, public from slot 8. */
  readonly cidr: string;
  /**
   * Literal AZ names, 2 or 3 (no AZ lookup at plan time). A private subnet goes in each, and a public one for the NAT
   * gateways unless `natMode` is `none`.
   */
  readonly availabilityZones: readonly string[];
  /**
   * One NAT gateway per AZ keeps egress alive when an AZ fails; a single one saves about 39 USD a month per gateway
   * (hours and its public IPv4 address) at the cost of that; `none` saves them all and leaves the VPC without any
   * path to the internet, which needs an interface endpoint for every AWS API the workloads call (see
   * `requireEndpoints`).
   * @default `per-az`, the highly available choice
   */
  readonly natMode?: NatMode;
  /**
   * Interface endpoints in the private subnets, so image pulls and logs stay off NAT. Each costs per hour per AZ.
   * @default none (NAT carries that traffic). The S3 and DynamoDB gateway endpoints are always created: they are
   * free
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
  /**
   * How many AZs the interface endpoints span, from the first: each AZ costs per endpoint and hour, and an endpoint
   * in one AZ serves the others across it (tasks there lose image pulls and logs while that AZ is down).
   * @default every AZ, so an AZ outage leaves the others their endpoints
   */
  readonly interfaceEndpointAzCount?: number;
  /**
   * Retention of the flow-log group.
   * @default 365 days
   */
  readonly flowLogRetentionDays?: number;
  /** Region, to name endpoint services (`com.amazonaws.<region>.s3`). */
  readonly region: string;
  /** Account id, for the flow-log role's confused-deputy guard. */
  readonly accountId: string;
}

const SUBNET_NEW_BITS = 4;
const FIRST_PUBLIC_SLOT = 8;

/**
 * The network tier: a VPC with a private subnet per AZ, and a public one per AZ when there are NAT gateways. Public
 * subnets hold only NAT gateways; everything else (ALB, tasks, VPC link, endpoints) lives in the private subnets with
 * no public addresses.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[] = [];
  readonly privateSubnets: Subnet[] = [];
  readonly privateRouteTables: RouteTable[] = [];
  readonly natGateways: NatGateway[] = [];
  readonly gatewayEndpoints: { s3: VpcEndpoint; dynamodb: VpcEndpoint };
  readonly interfaceEndpoints: VpcEndpoint[] = [];
  readonly availabilityZones: readonly string[];
  readonly natMode: NatMode;
  /** The AWS APIs `interfaceEndpoints` serve, in the same order. */
  readonly interfaceEndpointServices: readonly InterfaceEndpointService[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natMode = props.natMode ?? 'per-az';
    this.natMode = natMode;
    this.availabilityZones = props.availabilityZones;
    checkMultiAz(this, 'availabilityZones', props.availabilityZones);
    const endpointAzCount = props.interfaceEndpointAzCount ?? props.availabilityZones.length;
    checkIntegerRange(this, 'interfaceEndpointAzCount', endpointAzCount, 1, props.availabilityZones.length);
    const vpcCidr = parseCidr(props.cidr);
    if (typeof vpcCidr === 'string') invalidProp(this, 'cidr', vpcCidr);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });

    // CKV2_AWS_12: the default group is taken over and emptied, so nothing falls back to allow-all.
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${props.name}-default-deny` },
    });

    // Without NAT gateways nothing needs the internet gateway or a public subnet: the VPC has no way out at all.
    const internetGateway =
      natMode === 'none'
        ? undefined
        : new InternetGateway(this, 'internet-gateway', { vpcId: this.vpc.id, tags: { Name: props.name } });
    const publicRouteTable =
      internetGateway &&
      new RouteTable(this, 'public-route-table', {
        vpcId: this.vpc.id,
        tags: { Name: `${props.name}-public` },
      });
    if (internetGateway && publicRouteTable) {
      new Route(this, 'public-default-route', {
        routeTableId: publicRouteTable.id,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: internetGateway.id,
      });
    }

    props.availabilityZones.forEach((zone, index) => {
      if (publicRouteTable) {
        const publicSubnet = new Subnet(this, `public-subnet-${index}`, {
          vpcId: this.vpc.id,
          availabilityZone: zone,
          cidrBlock: formatCidr(subnetCidr(vpcCidr, SUBNET_NEW_BITS, FIRST_PUBLIC_SLOT + index)),
          // Public subnets hold only NAT gateways, which get Elastic IPs; nothing else needs a public address.
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-public-${zone}`, Tier: 'public' },
        });
        new RouteTableAssociation(this, `public-route-table-association-${index}`, {
          subnetId: publicSubnet.id,
          routeTableId: publicRouteTable.id,
        });
        this.publicSubnets.push(publicSubnet);
      }

      this.privateSubnets.push(
        new Subnet(this, `private-subnet-${index}`, {
          vpcId: this.vpc.id,
          availabilityZone: zone,
          cidrBlock: formatCidr(subnetCidr(vpcCidr, SUBNET_NEW_BITS, index)),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-private-${zone}`, Tier: 'private' },
        }),
      );
    });

    const natCount = { none: 0, single: 1, 'per-az': props.availabilityZones.length }[natMode];
    for (let index = 0; index < natCount; index++) {
      const zone = props.availabilityZones[index];
      const eip = new Eip(this, `nat-eip-${index}`, { domain: 'vpc', tags: { Name: `${props.name}-nat-${zone}` } });
      this.natGateways.push(
        new NatGateway(this, `nat-gateway-${index}`, {
          allocationId: eip.id,
          subnetId: this.publicSubnets[index].id,
          tags: { Name: `${props.name}-${zone}` },
          // natCount is 0 without an internet gateway; a NAT gateway needs one to reach the internet.
          dependsOn: internetGateway ? [internetGateway] : [],
        }),
      );
    }

    // A route table per private subnet, so each AZ can use its own NAT gateway.
    this.privateSubnets.forEach((subnet, index) => {
      const zone = props.availabilityZones[index];
      const routeTable = new RouteTable(this, `private-route-table-${index}`, {
        vpcId: this.vpc.id,
        tags: { Name: `${props.name}-private-${zone}` },
      });
      if (this.natGateways.length > 0) {
        new Route(this, `private-default-route-${index}`, {
          routeTableId: routeTable.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: this.natGateways[natMode === 'per-az' ? index : 0].id,
        });
      }
      new RouteTableAssociation(this, `private-route-table-association-${index}`, {
        subnetId: subnet.id,
        routeTableId: routeTable.id,
      });
      this.privateRouteTables.push(routeTable);
    });

    const gatewayEndpoint = (service: 's3' | 'dynamodb') =>
      new VpcEndpoint(this, `${service}-gateway-endpoint`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: this.privateRouteTables.map((table) => table.id),
        tags: { Name: `${props.name}-${service}` },
      });
    // Free, and they keep DynamoDB and S3 (ECR image layers) traffic off NAT.
    this.gatewayEndpoints = { s3: gatewayEndpoint('s3'), dynamodb: gatewayEndpoint('dynamodb') };

    const interfaceServices = props.interfaceEndpoints ?? [];
    this.interfaceEndpointServices = interfaceServices;
    if (interfaceServices.length > 0) {
      // Inline rules: this group's rules never change and no other tier adds one.
      const endpointSecurityGroup = new TierSecurityGroup(this, 'interface-endpoint-security-group', {
        vpcId: this.vpc.id,
        name: props.name,
        role: 'interface-endpoints',
        description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
        ingress: [
          {
            description: 'HTTPS from the VPC to AWS APIs',
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrBlocks: [props.cidr],
          },
        ],
        egress: [],
      });
      for (const service of interfaceServices) {
        this.interfaceEndpoints.push(
          new VpcEndpoint(this, `${service.replace('.', '-')}-interface-endpoint`, {
            vpcId: this.vpc.id,
            serviceName: `com.amazonaws.${props.region}.${service}`,
            vpcEndpointType: 'Interface',
            privateDnsEnabled: true,
            subnetIds: this.privateSubnets.slice(0, endpointAzCount).map((subnet) => subnet.id),
            securityGroupIds: [endpointSecurityGroup.id],
            tags: { Name: `${props.name}-${service}` },
          }),
        );
      }
    }

    this.addFlowLogs(props);
  }

  private addFlowLogs(props: NetworkProps): void {
    const logGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: `/vpc/${props.name}/flow-logs`,
      retentionInDays: props.flowLogRetentionDays ?? 365,
    });
    const role = new ServiceRole(this, 'flow-log-role', {
      servicePrincipal: 'vpc-flow-logs.amazonaws.com',
      sourceAccount: props.accountId,
      description: `VPC flow logs of ${props.name} to CloudWatch Logs`,
      statements: [
        {
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [logGroup.arn, `${logGroup.arn}:*`],
        },
        {
          actions: ['logs:DescribeLogGroups'],
          resources: [`arn:aws:logs:${props.region}:${props.accountId}:log-group:*`],
        },
      ],
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.role.arn,
      maxAggregationInterval: 60,
      tags: { Name: props.name },
      dependsOn: [role.policy],
    });
  }

  /**
   * Declares AWS APIs a workload in the private subnets calls (a Fargate service: ECR and CloudWatch Logs). Without
   * NAT gateways each needs its interface endpoint, or the workload fails at apply time (image pulls time out), so
   * synth refuses the network instead, naming what is missing.
   */
  requireEndpoints(services: readonly InterfaceEndpointService[], consumer: string): void {
    this.node.addValidation({
      validate: () => {
        if (this.natGateways.length > 0) return [];
        const present = new Set<string>(this.interfaceEndpointServices);
        const missing = services.filter((service) => !present.has(service));
        return missing.length === 0
          ? []
          : [
              `${this.node.path}: natMode: 'none' leaves ${consumer} no way to ${missing.join(', ')}: add ` +
                `${missing.length === 1 ? 'it' : 'them'} to interfaceEndpoints, or use NAT gateways`,
            ];
      },
    });
  }

  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((subnet) => subnet.id);
  }
}
