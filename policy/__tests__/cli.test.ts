import '@microsoft/jest-sarif';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { EXIT_FAILED, EXIT_PASSED, EXIT_USAGE, run } from '../cli';
import type { JsonReport } from '../report/json';
import { allRules } from '../rules';
import { type StackBuilder, stack } from './fixtures/builder';

const created: string[] = [];
afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes stacks the way cdktf does: <dir>/stacks/<name>/cdk.tf.json, two-space JSON. */
function outDir(...stacks: StackBuilder[]): string {
  const dir = tempDir('policy-cli-');
  for (const s of stacks) {
    mkdirSync(join(dir, 'stacks', s.name), { recursive: true });
    writeFileSync(join(dir, 'stacks', s.name, 'cdk.tf.json'), JSON.stringify(s.json, null, 2));
  }
  return dir;
}

const compliant = (name: string) => stack(name).resource('aws_cloudwatch_log_group.app', { retention_in_days: 30 });
const failing = () =>
  stack('dev')
    .resource('aws_cloudwatch_log_group.app', { retention_in_days: 30 })
    .resource('aws_cloudwatch_log_group.forever', {})
    .resource('aws_cloudwatch_log_group.excepted', {}, { CKV_AWS_66: 'kept for audit' })
    .resource('aws_cloudwatch_log_group.stale', { retention_in_days: 7 }, { CKV_AWS_66: 'no longer needed' });

function runCli(args: string[]): { code: number; output: string } {
  const lines: string[] = [];
  const code = run(args, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

test('compliant stacks pass with exit 0', () => {
  const { code, output } = runCli([outDir(compliant('dev'), compliant('prod'))]);
  expect(code).toBe(EXIT_PASSED);
  expect(output).toMatch(/^dev — .*\n {2}every rule passes/m);
  expect(output).toMatch(
    /^PASSED: 2 stack\(s\) against \d+ rules — 0 failure\(s\), 0 warning\(s\), 0 exception\(s\)$/m,
  );
});

test('failures, exceptions and stale exceptions are grouped by stack and fail the run', () => {
  const { code, output } = runCli([outDir(failing(), compliant('prod'))]);
  expect(code).toBe(EXIT_FAILED);
  const [devTable, prodTable] = output.split(/\n\n/);
  expect(devTable.split('\n')[0]).toMatch(
    /^dev — .*stacks\/dev\/cdk\.tf\.json \(production: no\): 2 fail, 0 warn, 1 exception$/,
  );
  expect(devTable).toMatch(/FAIL +error +CKV_AWS_66 +aws_cloudwatch_log_group\.forever +retention_in_days is not set/);
  expect(devTable).toMatch(/FAIL +error +POLICY_STALE_EXCEPTION +aws_cloudwatch_log_group\.stale/);
  expect(devTable).toMatch(
    /EXCEPTION +error +CKV_AWS_66 +aws_cloudwatch_log_group\.excepted[^\n]*\n *└ dev\/excepted +reason: kept for audit/,
  );
  expect(prodTable).toMatch(/^prod — .*\n {2}every rule passes/);
  expect(output).toMatch(/^FAILED: 2 stack\(s\) .* 2 failure\(s\), 0 warning\(s\), 1 exception\(s\)$/m);
});

test('writes valid SARIF 2.1.0 with rules, locations and in-source suppressions', () => {
  const dir = outDir(failing());
  const sarifFile = join(dir, 'reports', 'policy.sarif');
  expect(runCli([dir, '--sarif', sarifFile]).code).toBe(EXIT_FAILED);
  const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as Log;
  expect(sarif).toBeValidSarifLog();
  expect({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ level: 'fatal' }] }] }).not.toBeValidSarifLog();
  const [runLog] = sarif.runs;
  const ruleIds = runLog.tool.driver.rules?.map((r) => r.id) ?? [];
  expect(ruleIds).toEqual(expect.arrayContaining(['CKV_AWS_66', 'POLICY_STALE_EXCEPTION', 'REF_UNDECLARED']));
  const results = runLog.results ?? [];
  expect(
    results.map((r) => [
      r.ruleId,
      r.level,
      r.locations?.[0].logicalLocations?.[0].name,
      r.suppressions?.[0]?.justification,
    ]),
  ).toEqual([
    ['CKV_AWS_66', 'error', 'aws_cloudwatch_log_group.forever', undefined],
    ['CKV_AWS_66', 'error', 'aws_cloudwatch_log_group.excepted', 'kept for audit'],
    ['POLICY_STALE_EXCEPTION', 'error', 'aws_cloudwatch_log_group.stale', undefined],
  ]);
  for (const result of results) expect(ruleIds[result.ruleIndex ?? -1]).toBe(result.ruleId);
  const described = (id: string) => runLog.tool.driver.rules?.find((r) => r.id === id);
  expect(described('CKV_AWS_66')?.fullDescription?.text).toMatch(
    /CKV_AWS_66 \(Checkov: "Ensure that CloudWatch Log Group specifies retention days"\): stricter\. stricter: 0/,
  );
  expect(described('CKV_AWS_175')?.help?.text).toMatch(/\nnot covered: aws_waf_web_acl \(WAF Classic/);
  expect(described('REF_UNDECLARED')?.fullDescription?.text).toMatch(/Project rule: no public check id means/);
  const location = results[0].locations?.[0].physicalLocation;
  const fileLines = readFileSync(join(dir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8').split('\n');
  expect(fileLines[(location?.region?.startLine ?? 0) - 1].trim()).toBe('"forever": {');
  expect(location?.artifactLocation?.uri).toMatch(/stacks\/dev\/cdk\.tf\.json$/);
});

test('writes a JSON report with every result and the totals', () => {
  const dir = outDir(failing());
  const jsonFile = join(dir, 'policy.json');
  runCli([dir, '--json', jsonFile]);
  const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonReport;
  expect(report.summary).toEqual({ stacks: 1, failures: 2, warnings: 0, exceptions: 1 });
  expect(report.stacks[0].results.map((r) => `${r.ruleId} ${r.status} ${r.address}`)).toEqual([
    'CKV_AWS_66 fail aws_cloudwatch_log_group.forever',
    'CKV_AWS_66 exception aws_cloudwatch_log_group.excepted',
    'POLICY_STALE_EXCEPTION fail aws_cloudwatch_log_group.stale',
  ]);
  const bucketRule = report.rules.find((r) => r.id === 'CKV2_AWS_6');
  expect(bucketRule?.upstream?.map((u) => [u.id, u.differs.map((d) => d.kind)])).toEqual([
    ['CKV2_AWS_6', ['stricter']],
    ['CKV_AWS_53', ['laxer']],
    ['CKV_AWS_54', ['laxer']],
    ['CKV_AWS_55', ['laxer']],
    ['CKV_AWS_56', ['laxer']],
  ]);
  expect(bucketRule?.related).toEqual(['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56']);
});

test('warnings alone do not fail the run', () => {
  const warned = compliant('dev').resource('aws_security_group.unused', { description: 'nobody uses me' });
  const { code, output } = runCli([outDir(warned)]);
  expect(output).toMatch(/WARN +warning +CKV2_AWS_5 +aws_security_group\.unused/);
  expect(code).toBe(EXIT_PASSED);
});

test('bad input exits 2 with a message that names the problem', () => {
  const missing = runCli([join(tmpdir(), 'no-such-cdktf-out')]);
  expect(missing).toEqual({ code: EXIT_USAGE, output: expect.stringMatching(/no-such-cdktf-out does not exist/) });
  const empty = runCli([tempDir('policy-empty-')]);
  expect(empty).toEqual({
    code: EXIT_USAGE,
    output: expect.stringMatching(/No synthesized stacks in .*stacks\/<name>\/cdk\.tf\.json/),
  });
  const brokenDir = tempDir('policy-broken-');
  writeFileSync(join(brokenDir, 'cdk.tf.json'), '{ not json');
  expect(runCli([brokenDir])).toEqual({
    code: EXIT_USAGE,
    output: expect.stringMatching(/cdk\.tf\.json is not valid JSON/),
  });
  expect(runCli(['--colour'])).toEqual({
    code: EXIT_USAGE,
    output: expect.stringMatching(/Unknown option '--colour'[\s\S]*Usage:/),
  });
  expect(runCli(['a', 'b'])).toEqual({ code: EXIT_USAGE, output: expect.stringMatching(/at most one directory/) });
  expect(runCli(['--help'])).toEqual({ code: EXIT_PASSED, output: expect.stringMatching(/^Usage: npm run check/) });
});

test('--rules lists every rule with its severity, upstream relation and reason, and each divergence under it', () => {
  const { code, output } = runCli(['--rules']);
  expect(code).toBe(EXIT_PASSED);
  const ruleLines = output.split('\n').filter((line) => /^\S/.test(line));
  expect(ruleLines[0]).toMatch(/^RULE +SEVERITY +SECTION +UPSTREAM +TITLE$/);
  expect(ruleLines.slice(1).map((line) => line.split(/ +/)[0])).toEqual(allRules.map((r) => r.id));
  expect(output).toMatch(/^CKV_AWS_91 +error +load-balancer +same +Load balancers write access logs/m);
  expect(output).toMatch(/^CUSTOM_LB_INTERNAL +error +load-balancer +custom +The load balancer is internal/m);
  expect(output).toMatch(/^CKV_AWS_150 .* laxer +In production.*\n {4}laxer: production stacks only/m);
  expect(output).toMatch(
    /^CKV2_AWS_6 +error +data +see below +Every bucket has a public access block.*\(also CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56\)$/m,
  );
  expect(output).toMatch(/^ {4}CKV2_AWS_6: stricter\n {6}stricter: all four settings must be true/m);
});

test('npm run check runs the CLI as a process and exits with its code', () => {
  const result = spawnSync('npm', ['run', '--silent', 'check', '--', outDir(failing())], {
    encoding: 'utf8',
    cwd: join(__dirname, '..', '..'),
  });
  expect(result.stdout).toMatch(/FAIL +error +CKV_AWS_66/);
  expect(result.status).toBe(EXIT_FAILED);
});
