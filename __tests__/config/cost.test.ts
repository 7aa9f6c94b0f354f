import { environmentProblems } from '../../config/validate';
import { dev, prod, withChanges } from '../helpers';

type Change = Parameters<typeof withChanges>[1];

describe('cost settings in config', () => {
  it('are valid as configured', () => {
    expect(environmentProblems(dev)).toEqual([]);
    expect(environmentProblems(prod)).toEqual([]);
  });

  it.each<[string, Change, string]>([
    [
      'traffic.cacheHitRate',
      (c) => (c.traffic.cacheHitRate = 1.2),
      'dev: traffic.cacheHitRate: must be between 0 and 1, got 1.2',
    ],
    [
      'traffic.requestsPerMonth',
      (c) => (c.traffic.requestsPerMonth = -5),
      'dev: traffic.requestsPerMonth: must be a number ≥ 0, got -5',
    ],
    [
      'traffic.averageResponseBytes',
      (c) => (c.traffic.averageResponseBytes = 0),
      'dev: traffic.averageResponseBytes: must be a number > 0, got 0',
    ],
    [
      'service.cpuArchitecture',
      (c) => (c.service.cpuArchitecture = 'arm' as never),
      'dev: service.cpuArchitecture: "arm" is not one of "X86_64", "ARM64"',
    ],
    [
      'edge.wafLoggedRequests',
      (c) => (c.edge.wafLoggedRequests = 'some' as never),
      'dev: edge.wafLoggedRequests: "some" is not one of "all", "blocked-and-counted"',
    ],
    [
      'network.interfaceEndpointAzCount',
      (c) => (c.network.interfaceEndpointAzCount = 3),
      'dev: network.interfaceEndpointAzCount: must be a whole number from 1 to 2, got 3',
    ],
  ])('name the field and the reason: %s', (_field, change, expected) => {
    expect(environmentProblems(withChanges(dev, change))).toContain(expected);
  });

  it.each<[Change, string]>([
    [
      (c) => (c.service.capacityProvider = 'FARGATE_SPOT'),
      'prod: service.capacityProvider: production runs on FARGATE',
    ],
    [
      (c) => (c.service.containerInsights = 'disabled'),
      'prod: service.containerInsights: production keeps Container Insights',
    ],
    [
      (c) => (c.network.interfaceEndpointAzCount = 1),
      'prod: network.interfaceEndpointAzCount: production keeps an interface endpoint in every AZ',
    ],
  ])('keep the knobs that trade resilience or visibility for money out of production (%#)', (change, expected) => {
    expect(environmentProblems(withChanges(prod, change))).toContainEqual(expect.stringContaining(expected));
  });
});
