import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Testing, TerraformStack } from 'cdktf';
import type { StackReader, TerraformBlock } from '../../lib/terraform-json/stack';
import { Network, type NetworkProps } from '../../modules/network';
import { onlyBlock, readStack, ref } from '../helpers';

Testing.setupJest();

const BASE: NetworkProps = {
  name: 'test',
  cidr: '10.0.0.0/16',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  region: 'eu-west-1',
  accountId: '123456789012',
};

function synthNetwork(props: Partial<NetworkProps> = {}): string {
  return Testing.synthScope((scope) => new Network(scope, 'network', { ...BASE, ...props }));
}

function subnetsByTier(stack: StackReader, tier: 'public' | 'private'): TerraformBlock[] {
  return stack.resources('aws_subnet').filter((subnet) => (subnet.body.tags as Record<string, string>).Tier === tier);
}

/** Blocks of a type whose construct id (below the network) starts with `prefix`. */
function named(stack: StackReader, type: string, prefix: string): TerraformBlock[] {
  return stack.resources(type).filter((block) => block.name.startsWith(`network_${prefix}`));
}

describe('network module', () => {
  it('puts a public and a private subnet in every AZ, in AZ order, with disjoint CIDRs', () => {
    const stack = readStack(synthNetwork());
    for (const tier of ['public', 'private'] as const) {
      expect(subnetsByTier(stack, tier).map((subnet) => subnet.body.availability_zone)).toEqual(BASE.availabilityZones);
    }
    expect(new Set(stack.resources('aws_subnet').map((subnet) => subnet.body.cidr_block)).size).toBe(6);
    expect(subnetsByTier(stack, 'private').map((subnet) => subnet.body.cidr_block)).toEqual([
      '10.0.0.0/20',
      '10.0.16.0/20',
      '10.0.32.0/20',
    ]);
  });

  it('gives no subnet public IPs on launch', () => {
    const synthesized = synthNetwork();
    expect(synthesized).toHaveResourceWithProperties(Subnet, { map_public_ip_on_launch: false });
    expect(synthesized).not.toHaveResourceWithProperties(Subnet, { map_public_ip_on_launch: true });
  });

  it('creates one NAT gateway per AZ in per-az mode, each private route using its own AZ gateway', () => {
    const stack = readStack(synthNetwork({ natMode: 'per-az' }));
    const nats = stack.resources('aws_nat_gateway');
    expect(nats.map((nat) => nat.body.subnet_id)).toEqual(subnetsByTier(stack, 'public').map((s) => ref(s, 'id')));
    expect(named(stack, 'aws_route', 'private').map((route) => route.body.nat_gateway_id)).toEqual(
      nats.map((nat) => ref(nat, 'id')),
    );
  });

  it('shares a single NAT gateway in single mode', () => {
    const stack = readStack(synthNetwork({ natMode: 'single' }));
    const nat = onlyBlock(stack, 'aws_nat_gateway');
    const privateRoutes = named(stack, 'aws_route', 'private');
    expect(privateRoutes).toHaveLength(3);
    for (const route of privateRoutes) expect(route.body.nat_gateway_id).toBe(ref(nat, 'id'));
  });

  it('defaults to per-az NAT, the highly available choice', () => {
    expect(readStack(synthNetwork()).resources('aws_nat_gateway')).toHaveLength(3);
  });

  it('associates the S3 and DynamoDB gateway endpoints with every private route table', () => {
    const synthesized = synthNetwork();
    const privateTables = named(readStack(synthesized), 'aws_route_table', 'private').map((table) => ref(table, 'id'));
    expect(privateTables).toHaveLength(3);
    for (const service of ['s3', 'dynamodb']) {
      expect(synthesized).toHaveResourceWithProperties(VpcEndpoint, {
        service_name: `com.amazonaws.eu-west-1.${service}`,
        vpc_endpoint_type: 'Gateway',
        route_table_ids: privateTables,
      });
    }
    expect(readStack(synthesized).resources('aws_vpc_endpoint')).toHaveLength(2);
  });

  it('adds interface endpoints only when asked, in the private subnets behind an HTTPS-only group', () => {
    expect(synthNetwork()).not.toHaveResourceWithProperties(VpcEndpoint, { vpc_endpoint_type: 'Interface' });
    expect(synthNetwork()).not.toHaveResource(SecurityGroup);
    const synthesized = synthNetwork({ interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'] });
    const stack = readStack(synthesized);
    const privateSubnets = subnetsByTier(stack, 'private').map((subnet) => ref(subnet, 'id'));
    const group = onlyBlock(stack, 'aws_security_group');
    for (const service of ['ecr.api', 'ecr.dkr', 'logs']) {
      expect(synthesized).toHaveResourceWithProperties(VpcEndpoint, {
        service_name: `com.amazonaws.eu-west-1.${service}`,
        vpc_endpoint_type: 'Interface',
        private_dns_enabled: true,
        subnet_ids: privateSubnets,
        security_group_ids: [ref(group, 'id')],
      });
    }
    expect(synthesized).toHaveResourceWithProperties(SecurityGroup, {
      name_prefix: 'test-interface-endpoints-',
      lifecycle: { create_before_destroy: true },
      ingress: [
        expect.objectContaining({ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/16'] }),
      ],
      egress: [],
    });
  });

  it('sends ALL traffic flow logs to a log group with retention', () => {
    const synthesized = synthNetwork({ flowLogRetentionDays: 90 });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 90 });
    const logGroup = onlyBlock(readStack(synthesized), 'aws_cloudwatch_log_group');
    expect(synthesized).toHaveResourceWithProperties(FlowLog, {
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: ref(logGroup, 'arn'),
    });
  });

  it('lets only the flow-logs service assume the flow-log role', () => {
    const synthesized = synthNetwork();
    expect(synthesized).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        expect.objectContaining({
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
        }),
      ],
    });
    const principals = readStack(synthesized)
      .dataSources('aws_iam_policy_document')
      .flatMap((document) => (document.body.statement as Array<{ principals?: unknown[] }>) ?? [])
      .flatMap((statement) => statement.principals ?? []);
    expect(principals).toHaveLength(1);
  });

  it('takes over the default security group with no rules', () => {
    expect(synthNetwork()).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
  });

  it('refuses subnets in fewer than 2 AZs at construction, naming the construct path and the prop', () => {
    const stack = new TerraformStack(Testing.app(), 'single-az');
    expect(() => new Network(stack, 'network', { ...BASE, availabilityZones: ['eu-west-1a'] })).toThrow(
      'single-az/network: availabilityZones: subnets must span at least 2 AZs, got 1',
    );
  });

  it('refuses a malformed VPC CIDR, naming the construct path and the prop', () => {
    const stack = new TerraformStack(Testing.app(), 'bad-cidr');
    expect(() => new Network(stack, 'network', { ...BASE, cidr: '10.0.0.1/16' })).toThrow(
      /^bad-cidr\/network: cidr: "10.0.0.1\/16" has host bits set/,
    );
  });
});

describe('network without NAT (natMode none)', () => {
  const ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs'] as const;

  it('has no NAT gateway, Elastic IP, internet gateway, public subnet or default route: no path out', () => {
    const stack = readStack(synthNetwork({ natMode: 'none', interfaceEndpoints: ENDPOINTS }));
    for (const type of ['aws_nat_gateway', 'aws_eip', 'aws_internet_gateway', 'aws_route']) {
      expect(stack.resources(type)).toEqual([]);
    }
    expect(subnetsByTier(stack, 'public')).toEqual([]);
    expect(subnetsByTier(stack, 'private')).toHaveLength(3);
    // The gateway endpoints still serve every private route table.
    expect(named(stack, 'aws_route_table', 'private')).toHaveLength(3);
  });

  it('refuses at synth a workload whose AWS APIs lack an interface endpoint, naming them', () => {
    const stack = new TerraformStack(Testing.app(), 'no-nat');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const network = new Network(stack, 'network', { ...BASE, natMode: 'none', interfaceEndpoints: ['logs'] });
    network.requireEndpoints(ENDPOINTS, 'the service tasks');
    expect(() => Testing.synth(stack, true)).toThrow(
      /no-nat\/network: natMode: 'none' leaves the service tasks no way to ecr\.api, ecr\.dkr: add them to interfaceEndpoints, or use NAT gateways/,
    );
  });

  it('accepts the workload once its endpoints exist, and any workload behind NAT', () => {
    for (const props of [
      { natMode: 'none' as const, interfaceEndpoints: ENDPOINTS },
      { natMode: 'single' as const, interfaceEndpoints: [] },
    ]) {
      const stack = new TerraformStack(Testing.app(), 'ok');
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      new Network(stack, 'network', { ...BASE, ...props }).requireEndpoints(ENDPOINTS, 'the service tasks');
      expect(() => Testing.synth(stack, true)).not.toThrow();
    }
  });

  it('puts interface endpoints in the first interfaceEndpointAzCount AZs only', () => {
    const stack = readStack(
      synthNetwork({ natMode: 'none', interfaceEndpoints: ENDPOINTS, interfaceEndpointAzCount: 1 }),
    );
    const firstPrivate = ref(subnetsByTier(stack, 'private')[0], 'id');
    const interfaces = stack.resources('aws_vpc_endpoint').filter((e) => e.body.vpc_endpoint_type === 'Interface');
    expect(interfaces).toHaveLength(3);
    for (const endpoint of interfaces) expect(endpoint.body.subnet_ids).toEqual([firstPrivate]);
  });

  it('rejects an endpoint AZ count outside 1 to the number of AZs', () => {
    const stack = new TerraformStack(Testing.app(), 'bad-count');
    expect(() => new Network(stack, 'network', { ...BASE, interfaceEndpointAzCount: 4 })).toThrow(
      /bad-count\/network: interfaceEndpointAzCount: must be a whole number from 1 to 3, got 4/,
    );
  });
});
