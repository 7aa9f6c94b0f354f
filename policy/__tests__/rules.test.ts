import { allRules } from '../rules';
import { violations } from './fixtures/builder';
import { apiCases } from './fixtures/cases/api';
import { dataCases } from './fixtures/cases/data';
import { documentCases } from './fixtures/cases/documents';
import { ecsCases } from './fixtures/cases/ecs';
import { edgeCases } from './fixtures/cases/edge';
import { iamCases } from './fixtures/cases/iam';
import { loadBalancerCases } from './fixtures/cases/load-balancer';
import { networkCases } from './fixtures/cases/network';
import { operationsCases } from './fixtures/cases/operations';
import { referenceCases } from './fixtures/cases/references';

const cases = [
  ...networkCases,
  ...ecsCases,
  ...iamCases,
  ...loadBalancerCases,
  ...edgeCases,
  ...apiCases,
  ...dataCases,
  ...operationsCases,
  ...referenceCases,
  ...documentCases,
];

test('every rule has exactly one case with passing and failing fixtures', () => {
  expect(cases.map((c) => c.rule).sort()).toEqual(allRules.map((r) => r.id).sort());
  for (const c of cases) {
    expect({ rule: c.rule, passes: c.passes.length > 0, fails: c.fails.length > 0 }).toEqual({
      rule: c.rule,
      passes: true,
      fails: true,
    });
  }
});

test('rule ids are unique', () => {
  expect(new Set(allRules.map((r) => r.id)).size).toBe(allRules.length);
});

describe.each(cases)('$rule', ({ rule, passes, fails, context }) => {
  test.each(passes.map((stack, i) => [i, stack] as const))('accepts compliant fixture #%i', (_i, stack) => {
    expect(violations(rule, stack, context).map((v) => `${v.at.address}: ${v.message}`)).toEqual([]);
  });

  test.each(fails.map((f) => [f.why, f] as const))('rejects: %s', (_why, { stack, at, context: failContext }) => {
    const found = violations(rule, stack, failContext ?? context);
    expect(found.map((v) => v.at.address)).toContain(at);
    for (const v of found) expect(v.message.length).toBeGreaterThan(5);
  });
});
