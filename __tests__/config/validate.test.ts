import {
  ConfigError,
  environmentProblems,
  validateEnvironment,
  validateEnvironments,
  validateStateBackend,
} from '../../config/validate';
import { dev, prod, stateBackend } from '../../config/environments';
import type { EnvironmentConfig } from '../../config/types';
import { withChanges, type Mutable } from '../helpers';

type M = Mutable<EnvironmentConfig>;

function problemsOf(run: () => void): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('environment config', () => {
  it('accepts the shipped environments', () => {
    expect(environmentProblems(dev)).toEqual([]);
    expect(environmentProblems(prod)).toEqual([]);
    expect(() => validateEnvironments([dev, prod])).not.toThrow();
    expect(() => validateStateBackend(stateBackend)).not.toThrow();
  });

  it.each([
    [
      'malformed CIDR',
      (c: M) => (c.network.vpcCidr = '10.0.0/16'),
      'dev: network.vpcCidr: "10.0.0/16" is not an IPv4 CIDR',
    ],
    [
      'octet over 255',
      (c: M) => (c.network.vpcCidr = '10.300.0.0/16'),
      'dev: network.vpcCidr: "10.300.0.0/16" has an octet above 255',
    ],
    [
      'host bits set',
      (c: M) => (c.network.vpcCidr = '10.10.0.1/16'),
      'has host bits set (the network address is 10.10.0.0/16)',
    ],
    [
      'VPC too large',
      (c: M) => (c.network.vpcCidr = '10.0.0.0/8'),
      'dev: network.vpcCidr: prefix /8 is outside /16 to /24',
    ],
    [
      'one AZ',
      (c: M) => (c.network.availabilityZones = ['eu-west-1a']),
      'dev: network.availabilityZones: needs 2 to 3 AZs for high availability, got 1',
    ],
    [
      'duplicate AZ',
      (c: M) => (c.network.availabilityZones = ['eu-west-1a', 'eu-west-1a']),
      'dev: network.availabilityZones: lists an AZ twice',
    ],
    [
      'AZ of another Region',
      (c: M) => (c.network.availabilityZones = ['eu-west-1a', 'us-east-1b']),
      '"us-east-1b" is not an AZ of region eu-west-1',
    ],
    [
      'unknown NAT mode',
      (c: M) => (c.network.natMode = 'sometimes' as never),
      'dev: network.natMode: "sometimes" is not one of "none", "single", "per-az"',
    ],
    [
      'unknown interface endpoint',
      (c: M) => (c.network.interfaceEndpoints = ['sqs' as never]),
      'dev: network.interfaceEndpoints: "sqs" is not one of',
    ],
    [
      'bad zone name',
      (c: M) => (c.dns.zoneName = 'Example..com'),
      'dev: dns.zoneName: "Example..com" is not a lowercase domain name',
    ],
    [
      'domain outside the zone',
      (c: M) => (c.dns.appDomain = 'app.other.org'),
      'dev: dns.appDomain: "app.other.org" is not inside zone shortlinks.example.com',
    ],
    [
      'bad domain label',
      (c: M) => (c.dns.originDomain = '-x.shortlinks.example.com'),
      'dev: dns.originDomain: "-x.shortlinks.example.com" is not a lowercase domain name',
    ],
    [
      'same app and origin name',
      (c: M) => (c.dns.originDomain = c.dns.appDomain),
      'dev: dns.originDomain: must differ from dns.appDomain',
    ],
    [
      'bad hosted zone id',
      (c: M) => (c.dns.hostedZoneId = 'abc'),
      'dev: dns.hostedZoneId: "abc" is not a Route 53 hosted zone id',
    ],
    ['bad account', (c: M) => (c.accountId = '1234'), 'dev: accountId: "1234" is not a 12-digit AWS account id'],
    ['bad Region', (c: M) => (c.region = 'europe'), 'dev: region: "europe" is not an AWS Region name'],
    [
      'min above max',
      (c: M) => ((c.service.minCapacity = 4), (c.service.maxCapacity = 3)),
      'dev: service.maxCapacity: 3 is below service.minCapacity 4',
    ],
    [
      'bad log retention',
      (c: M) => (c.service.logRetentionDays = 10),
      'dev: service.logRetentionDays: 10 is not a CloudWatch Logs retention period',
    ],
    [
      'bad redirect status',
      (c: M) => (c.service.redirectStatus = 307 as never),
      'dev: service.redirectStatus: "307" is not one of "301", "302"',
    ],
    [
      'JWT issuer over http',
      (c: M) => (c.api.jwt = { issuer: 'http://idp', audience: ['x'] }),
      'dev: api.jwt.issuer: "http://idp" is not an https URL',
    ],
    [
      'WAF limit too low',
      (c: M) => (c.edge.wafRateLimit = 5),
      'dev: edge.wafRateLimit: must be a whole number from 100 to 2000000000, got 5',
    ],
    ['bad name', (c: M) => (c.name = 'Dev_1'), 'name: "Dev_1" must be 2-20 lowercase letters'],
  ])('rejects %s, naming the environment, field and reason', (_label, change, expected) => {
    const broken = withChanges(dev, change);
    const problems = problemsOf(() => validateEnvironment(broken));
    expect(problems.join('\n')).toContain(expected);
  });

  it('leaves Fargate sizes and the production task minimum to the service construct, checking only ranges', () => {
    const oddSize = withChanges(prod, (c) => ((c.service.cpu = 256), (c.service.memory = 4096)));
    expect(environmentProblems(oddSize)).toEqual([]);
    const tooSmall = withChanges(dev, (c) => (c.service.cpu = 128));
    expect(problemsOf(() => validateEnvironment(tooSmall))).toEqual([
      'dev: service.cpu: must be a whole number from 256 to 16384, got 128',
    ]);
  });

  it('reports every problem at once, not only the first', () => {
    const broken = withChanges(dev, (c) => ((c.network.vpcCidr = 'nope'), (c.network.natMode = 'x' as never)));
    expect(problemsOf(() => validateEnvironment(broken))).toHaveLength(2);
  });

  it('rejects overlapping VPC ranges across environments', () => {
    const overlapping = withChanges(prod, (c) => (c.network.vpcCidr = '10.10.128.0/17'));
    expect(problemsOf(() => validateEnvironments([dev, overlapping]))).toEqual([
      'prod: network.vpcCidr: 10.10.128.0/17 overlaps 10.10.0.0/16 of environment dev',
    ]);
  });

  it('rejects two environments with one name', () => {
    expect(problemsOf(() => validateEnvironments([dev, withChanges(prod, (c) => (c.name = 'dev'))]))).toContain(
      'dev: name: used by two environments',
    );
  });

  it('rejects a bad state bucket name', () => {
    expect(problemsOf(() => validateStateBackend({ ...stateBackend, bucket: 'Bad_Bucket' }))).toEqual([
      'state: bucket: "Bad_Bucket" is not a valid S3 bucket name (3-63 lowercase letters, digits, hyphens)',
    ]);
  });

  it('error message lists the problems for the synth output', () => {
    const broken = withChanges(dev, (c) => (c.network.natMode = 'sometimes' as never));
    expect(() => validateEnvironment(broken)).toThrow(/Invalid configuration:\n {2}- dev: network\.natMode/);
  });
});
