import { productionServiceProblems } from '../production-service';

describe('productionServiceProblems', () => {
  it('accepts the defaults and every setting production may run with', () => {
    expect(productionServiceProblems({})).toEqual([]);
    expect(productionServiceProblems({ capacityProvider: 'FARGATE', containerInsights: 'enhanced' })).toEqual([]);
  });

  it('names each knob production may not run with, and why', () => {
    expect(productionServiceProblems({ capacityProvider: 'FARGATE_SPOT', containerInsights: 'disabled' })).toEqual([
      { setting: 'capacityProvider', reason: expect.stringContaining('Spot tasks can be stopped at any time') },
      { setting: 'containerInsights', reason: expect.stringContaining('Container Insights (CKV_AWS_65)') },
    ]);
  });
});
