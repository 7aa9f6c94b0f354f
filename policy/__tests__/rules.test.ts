import { PROJECT_ID } from '../rule';
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

/** Checkov's ids, and cdk-nag's AwsSolutions rules as this checker writes them. */
const PUBLIC_ID = /^(CKV2?_AWS_\d+|NAG-[A-Z0-9]+\d+)$/;

test('a rule with a public id states its relation to that id first, and a project rule carries none', () => {
  const misfiled = allRules.flatMap((rule) => {
    const upstreamIds = (rule.upstream ?? []).map((u) => u.id);
    if (PROJECT_ID.test(rule.id)) return upstreamIds.length ? [`${rule.id} is a project rule with upstream ids`] : [];
    if (!PUBLIC_ID.test(rule.id)) return [`${rule.id} is neither a public id nor CUSTOM_/REF_/POLICY_`];
    if (upstreamIds[0] !== rule.id) return [`${rule.id} does not state its own upstream relation first`];
    return upstreamIds.filter((id) => !PUBLIC_ID.test(id)).map((id) => `${rule.id} relates to malformed id ${id}`);
  });
  expect(misfiled).toEqual([]);
});

test('each public id is answered for by exactly one rule', () => {
  const ids = allRules.flatMap((rule) => (rule.upstream ?? []).map((u) => u.id));
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
});

test('every divergence from upstream says why, and a not-covered one names resource types', () => {
  const vague = allRules.flatMap((rule) =>
    (rule.upstream ?? []).flatMap((entry) => [
      ...(entry.means.trim().length < 10 ? [`${entry.id}: no upstream meaning`] : []),
      ...entry.differs
        .filter((d) => d.why.trim().length < 20 || (d.kind === 'not-covered' && d.types.length === 0))
        .map((d) => `${entry.id}: ${d.kind} without a reason or resource types`),
    ]),
  );
  expect(vague).toEqual([]);
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
