import { StackReader } from '../stack';

const json = {
  '//': { metadata: { stackName: 'dev' }, environment: { production: false } },
  provider: {
    aws: [
      { region: 'eu-west-1' },
      { alias: 'us_east_1', region: 'us-east-1' },
      { alias: 'computed', region: '${var.r}' },
    ],
  },
  resource: {
    aws_vpc: { main: { '//': { metadata: { path: 'dev/network/vpc' } }, cidr_block: '10.0.0.0/16' } },
    aws_flow_log: { main: { vpc_id: '${aws_vpc.main.id}' } },
    aws_subnet: { a: { vpc_id: '${aws_vpc.main.id}', cidr_block: '10.0.0.0/24' } },
    aws_acm_certificate: { edge: { provider: 'aws.us_east_1', domain_name: 'example.com' } },
  },
  data: { aws_iam_policy_document: { trust: { statement: [{ actions: ['sts:AssumeRole'] }] } } },
};

describe('StackReader', () => {
  const stack = new StackReader('dev', 'cdk.tf.json', json);

  it('reads resources and data sources with their Terraform addresses and construct paths', () => {
    expect(stack.blocks.map((block) => block.address)).toEqual([
      'aws_vpc.main',
      'aws_flow_log.main',
      'aws_subnet.a',
      'aws_acm_certificate.edge',
      'data.aws_iam_policy_document.trust',
    ]);
    expect(stack.block('aws_vpc.main')?.path).toBe('dev/network/vpc');
    expect(stack.block('aws_subnet.a')?.path).toBe('dev/aws_subnet.a');
    expect(stack.dataSources('aws_iam_policy_document')).toHaveLength(1);
  });

  it('keeps the `//` comment apart from the attributes', () => {
    const vpc = stack.block('aws_vpc.main');
    expect(vpc?.body).toEqual({ cidr_block: '10.0.0.0/16' });
    expect(vpc?.comment).toEqual({ metadata: { path: 'dev/network/vpc' } });
    expect(stack.comment?.environment).toEqual({ production: false });
  });

  it('follows references: the target of a value, and the blocks that refer to a block', () => {
    const vpc = stack.block('aws_vpc.main')!;
    expect(stack.target('${aws_vpc.main.id}')).toBe(vpc);
    expect(stack.target('vpc-123')).toBeUndefined();
    expect(stack.referrers(vpc, 'vpc_id', 'aws_flow_log').map((b) => b.address)).toEqual(['aws_flow_log.main']);
    expect(stack.users(vpc, 'aws_flow_log', 'aws_subnet')).toHaveLength(2);
  });

  it('resolves provider aliases to their literal regions, and leaves computed ones out', () => {
    expect(stack.providerRegions()).toEqual(
      new Map([
        ['aws', 'eu-west-1'],
        ['aws.us_east_1', 'us-east-1'],
      ]),
    );
    expect(stack.providerRegion(stack.block('aws_acm_certificate.edge')!)).toBe('us-east-1');
    expect(stack.providerRegion(stack.block('aws_vpc.main')!)).toBe('eu-west-1');
  });

  it('lets a reader attach what it derives per block, once', () => {
    const decorated = new StackReader('dev', 'f', json, (block) => ({ ...block, tagged: block.type.length }));
    expect(decorated.resources('aws_vpc')[0].tagged).toBe('aws_vpc'.length);
  });

  it('names the file and the section or block that is malformed', () => {
    expect(() => new StackReader('x', 'x.json', { resource: [] })).toThrow('x.json: "resource" must be an object');
    expect(() => new StackReader('x', 'x.json', { resource: { aws_vpc: { main: 'no' } } })).toThrow(
      'x.json: aws_vpc.main must be an object.',
    );
  });
});
