import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { HttpApi } from '../../modules/api';
import { ContainerService } from '../../modules/container-service';
import { LoadBalancer } from '../../modules/load-balancer';
import { moveFromPreviousAddresses, PREVIOUS_ADDRESSES } from '../../stacks/previous-addresses';
import { dev, prod, synthPlatform, synthStack, type TerraformJson } from '../helpers';

/** Every `<type>.<name>` of resources and data sources: what Terraform keys state on. */
function addresses(json: TerraformJson): string[] {
  return (['resource', 'data'] as const).flatMap((kind) =>
    Object.entries(json[kind] ?? {}).flatMap(([type, blocks]) =>
      Object.keys(blocks).map((name) => `${kind === 'data' ? 'data.' : ''}${type}.${name}`),
    ),
  );
}

const ZONES = ['eu-west-1a', 'eu-west-1b'];
const SUBNETS = ['subnet-a', 'subnet-b'];

/** The load balancer and both tiers that meet it, the tiers built in the order given. */
function synthTiers(order: ReadonlyArray<'service' | 'api'>): TerraformJson {
  const stack = new TerraformStack(Testing.app(), 'tiers');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const loadBalancer = new LoadBalancer(stack, 'load-balancer', {
    name: 'links',
    vpcId: 'vpc-0123',
    subnetIds: SUBNETS,
    availabilityZones: ZONES,
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
    originVerifySecret: 'secret',
    region: 'eu-west-1',
    accountId: '123456789012',
  });
  const build = {
    service: () =>
      new ContainerService(stack, 'service', {
        name: 'links',
        region: 'eu-west-1',
        accountId: '123456789012',
        vpcId: 'vpc-0123',
        subnetIds: SUBNETS,
        availabilityZones: ZONES,
        target: loadBalancer.target,
        image: { repositoryUrl: 'repo', repositoryArn: 'arn:aws:ecr:eu-west-1:123456789012:repository/x', tag: 'v1' },
        table: { name: 'links', resourceArns: ['arn:aws:dynamodb:eu-west-1:123456789012:table/links'] },
        publicBaseUrl: 'https://app.example.com',
        redirectStatus: 302,
        task: { cpu: 256, memory: 512 },
        scaling: { desiredCount: 2, minCapacity: 2, maxCapacity: 4 },
      }),
    api: () =>
      new HttpApi(stack, 'api', {
        name: 'links',
        vpcId: 'vpc-0123',
        subnetIds: SUBNETS,
        listener: loadBalancer.listenerEndpoint,
        domainName: 'origin.example.com',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
        hostedZoneId: 'Z0123456789ABC',
        throttle: { burstLimit: 10, rateLimit: 5 },
        accessLogRetentionDays: 30,
      }),
  };
  for (const tier of order) build[tier]();
  return synthStack(stack);
}

describe('Terraform addresses', () => {
  it('do not depend on the order in which tiers open their hops on the load balancer', () => {
    const serviceFirst = synthTiers(['service', 'api']);
    const apiFirst = synthTiers(['api', 'service']);
    expect(addresses(apiFirst).sort()).toEqual(addresses(serviceFirst).sort());
    // The rules on the load balancer's group are named after the peer they admit or reach.
    const ruleNames = addresses(serviceFirst).filter((address) => address.includes('load-balancer_'));
    expect(ruleNames.filter((address) => address.startsWith('aws_vpc_security_group_'))).toEqual([
      expect.stringMatching(/^aws_vpc_security_group_egress_rule\.load-balancer_to-tasks_/),
      expect.stringMatching(/^aws_vpc_security_group_ingress_rule\.load-balancer_https-from-vpc-link_/),
    ]);
    // ... and each still references the same peer.
    for (const json of [serviceFirst, apiFirst]) {
      const egress = Object.values(json.resource!.aws_vpc_security_group_egress_rule).find(
        (rule) => rule.description === 'Requests and health checks to the tasks of links',
      );
      expect(egress?.referenced_security_group_id).toMatch(/^\$\{aws_security_group\.service_security-group_/);
    }
  });

  describe('carried over from earlier versions of the platform stack', () => {
    for (const environment of [dev, prod]) {
      it(`${environment.name}: each old address is the source of a moved block whose target exists`, () => {
        const { json } = synthPlatform(environment);
        const current = new Set(addresses(json));
        const moved = json.moved as Array<{ from: string; to: string }>;
        expect(moved.map((block) => block.from).sort()).toEqual(PREVIOUS_ADDRESSES.map((entry) => entry.from).sort());
        for (const { from, to } of moved) {
          expect(current.has(from)).toBe(false);
          expect(current.has(to)).toBe(true);
          expect(to.split('.')[0]).toBe(from.split('.')[0]);
        }
      });
    }

    it('fails with the path when a listed resource no longer exists', () => {
      const stack = new TerraformStack(Testing.app(), 'empty');
      // The stack has none of the listed paths; the real moves are covered above.
      expect(() => moveFromPreviousAddresses(stack)).toThrow(
        /^empty\/image-repository\/repository: no resource here to move aws_ecr_repository\.data_repository_AC248C83 to/,
      );
    });
  });
});
