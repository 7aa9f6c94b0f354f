import { Testing, TerraformStack } from 'cdktf';
import { Network, type NetworkProps } from '../../modules/network';
import { blocksOf, onlyResource, reference, resourcesOf, synthScope, type TerraformJson } from '../helpers';

const BASE: NetworkProps = {
  name: 'test',
  cidr: '10.0.0.0/16',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  region: 'eu-west-1',
  accountId: '123456789012',
};

function synthNetwork(props: Partial<NetworkProps> = {}): TerraformJson {
  return synthScope((scope) => new Network(scope, 'network', { ...BASE, ...props }));
}

function subnetsByTier(json: TerraformJson, tier: 'public' | 'private') {
  return blocksOf(json, 'aws_subnet').filter((subnet) => (subnet.tags as Record<string, string>).Tier === tier);
}

describe('network module', () => {
  it('puts a public and a private subnet in every AZ, with disjoint CIDRs', () => {
    const json = synthNetwork();
    for (const tier of ['public', 'private'] as const) {
      const subnets = subnetsByTier(json, tier);
      expect(subnets.map((subnet) => subnet.availability_zone)).toEqual(BASE.availabilityZones);
    }
    const cidrs = blocksOf(json, 'aws_subnet').map((subnet) => subnet.cidr_block);
    expect(new Set(cidrs).size).toBe(6);
    expect(subnetsByTier(json, 'private').map((subnet) => subnet.cidr_block)).toEqual([
      '10.0.0.0/20',
      '10.0.16.0/20',
      '10.0.32.0/20',
    ]);
  });

  it('gives no subnet public IPs on launch', () => {
    const json = synthNetwork();
    for (const subnet of blocksOf(json, 'aws_subnet')) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  it('creates one NAT gateway per AZ in per-az mode, each private route using its own AZ gateway', () => {
    const json = synthNetwork({ natMode: 'per-az' });
    const nats = resourcesOf(json, 'aws_nat_gateway');
    expect(nats).toHaveLength(3);
    const privateRoutes = resourcesOf(json, 'aws_route').filter(([name]) => name.includes('private'));
    expect(new Set(privateRoutes.map(([, route]) => route.nat_gateway_id)).size).toBe(3);
    const publicSubnetNames = resourcesOf(json, 'aws_subnet')
      .filter(([, subnet]) => (subnet.tags as Record<string, string>).Tier === 'public')
      .map(([name]) => reference('aws_subnet', name, 'id'));
    expect(nats.map(([, nat]) => nat.subnet_id)).toEqual(publicSubnetNames);
  });

  it('shares a single NAT gateway in single mode', () => {
    const json = synthNetwork({ natMode: 'single' });
    const [[natName]] = resourcesOf(json, 'aws_nat_gateway');
    expect(resourcesOf(json, 'aws_nat_gateway')).toHaveLength(1);
    const privateRoutes = resourcesOf(json, 'aws_route').filter(([name]) => name.includes('private'));
    expect(privateRoutes).toHaveLength(3);
    for (const [, route] of privateRoutes)
      expect(route.nat_gateway_id).toBe(reference('aws_nat_gateway', natName, 'id'));
  });

  it('defaults to per-az NAT, the highly available choice', () => {
    expect(resourcesOf(synthNetwork(), 'aws_nat_gateway')).toHaveLength(3);
  });

  it('associates the S3 and DynamoDB gateway endpoints with every private route table', () => {
    const json = synthNetwork();
    const privateTables = resourcesOf(json, 'aws_route_table')
      .filter(([name]) => name.includes('private'))
      .map(([name]) => reference('aws_route_table', name, 'id'));
    expect(privateTables).toHaveLength(3);
    const gateways = blocksOf(json, 'aws_vpc_endpoint').filter((endpoint) => endpoint.vpc_endpoint_type === 'Gateway');
    expect(gateways.map((endpoint) => endpoint.service_name).sort()).toEqual([
      'com.amazonaws.eu-west-1.dynamodb',
      'com.amazonaws.eu-west-1.s3',
    ]);
    for (const endpoint of gateways) expect(endpoint.route_table_ids).toEqual(privateTables);
  });

  it('adds interface endpoints only when asked, in the private subnets behind an HTTPS-only group', () => {
    expect(
      blocksOf(synthNetwork(), 'aws_vpc_endpoint').filter((e) => e.vpc_endpoint_type === 'Interface'),
    ).toHaveLength(0);
    const json = synthNetwork({ interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'] });
    const interfaces = blocksOf(json, 'aws_vpc_endpoint').filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(interfaces.map((endpoint) => endpoint.service_name)).toEqual([
      'com.amazonaws.eu-west-1.ecr.api',
      'com.amazonaws.eu-west-1.ecr.dkr',
      'com.amazonaws.eu-west-1.logs',
    ]);
    const privateSubnets = resourcesOf(json, 'aws_subnet')
      .filter(([name]) => name.includes('private'))
      .map(([name]) => reference('aws_subnet', name, 'id'));
    for (const endpoint of interfaces) {
      expect(endpoint.subnet_ids).toEqual(privateSubnets);
      expect(endpoint.private_dns_enabled).toBe(true);
    }
    const group = onlyResource(json, 'aws_security_group');
    expect(group.ingress).toEqual([
      expect.objectContaining({ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/16'] }),
    ]);
  });

  it('sends ALL traffic flow logs to a log group with retention', () => {
    const json = synthNetwork({ flowLogRetentionDays: 90 });
    const [[groupName, group]] = resourcesOf(json, 'aws_cloudwatch_log_group');
    expect(group.retention_in_days).toBe(90);
    const flowLog = onlyResource(json, 'aws_flow_log');
    expect(flowLog).toMatchObject({
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: reference('aws_cloudwatch_log_group', groupName, 'arn'),
    });
  });

  it('lets only the flow-logs service assume the flow-log role', () => {
    const json = synthNetwork();
    const trust = json.data!.aws_iam_policy_document;
    const principals = Object.values(trust).flatMap((doc) =>
      ((doc.statement as Array<{ principals?: Array<{ identifiers: string[] }> }>) ?? []).flatMap(
        (statement) => statement.principals?.flatMap((principal) => principal.identifiers) ?? [],
      ),
    );
    expect(principals).toEqual(['vpc-flow-logs.amazonaws.com']);
  });

  it('takes over the default security group with no rules', () => {
    const group = onlyResource(synthNetwork(), 'aws_default_security_group');
    expect(group.ingress).toEqual([]);
    expect(group.egress).toEqual([]);
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
