import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SPEC_COMMAND, SPEC_FILE, relationCounts, renderRuleSpec } from '../report/spec';
import { allRules } from '../rules';

const ROOT = join(__dirname, '..', '..');

test(`${SPEC_FILE} is the specification the rule objects generate (run ${SPEC_COMMAND} when this fails)`, () => {
  const committed = readFileSync(join(ROOT, SPEC_FILE), 'utf8');
  expect(committed).toBe(renderRuleSpec(allRules));
});

test('the specification has an entry for every rule and every public id, with its relation', () => {
  const spec = renderRuleSpec(allRules);
  for (const rule of allRules) expect(spec).toContain(`### \`${rule.id}\` (${rule.severity})`);
  for (const entry of allRules.flatMap((rule) => rule.upstream ?? [])) {
    expect(spec).toMatch(
      new RegExp(`^- \`${entry.id}\`, (Checkov|cdk-nag): .*\\*\\*(same|stricter|laxer|not covered)`, 'm'),
    );
  }
  const counts = relationCounts(allRules);
  expect(counts.publicIds).toBeGreaterThan(60);
  expect(spec).toContain(`answer for ${counts.publicIds} public ids: ${counts.same} the same`);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('the policy checker and its documents refer to no notes outside the repository', () => {
  // Spelled in pieces so this file does not match itself.
  const outside = new RegExp(['POLICY' + '-RULES', 'DESIGN\\.md', '/work/' + 'shared'].join('|'));
  const offenders = filesUnder(join(ROOT, 'policy'))
    .filter((file) => outside.test(readFileSync(file, 'utf8')))
    .map((file) => relative(ROOT, file));
  expect(offenders).toEqual([]);
});
