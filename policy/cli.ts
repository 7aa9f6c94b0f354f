import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { STALE_EXCEPTION, checkStack, summarize } from './engine';
import { loadStacks } from './model/load';
import { renderJson } from './report/json';
import { renderSarif } from './report/sarif';
import { SPEC_FILE, renderRuleSpec } from './report/spec';
import { renderRuleList, renderTable } from './report/table';
import { allRules } from './rules';

const USAGE = `Usage: npm run check [-- [DIR] [--sarif FILE] [--json FILE]]
       npm run check -- --rules              list every rule: id, severity, section, upstream relation, reason
       npm run check -- --write-spec FILE    write the rule specification (${SPEC_FILE}) from the rule objects

Applies the policy rules (policy/README.md) to every synthesized stack under DIR (default cdktf.out).
Exits 1 when any error-severity rule fails or an exception is stale, 2 on bad input.`;

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function write(file: string, content: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}

/** Runs the checker as the CLI does and returns the exit code; output goes through `print`. */
export function run(argv: string[], print: (line: string) => void = console.log): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sarif: { type: 'string' },
        json: { type: 'string' },
        rules: { type: 'boolean' },
        'write-spec': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    print(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    print(USAGE);
    return EXIT_PASSED;
  }
  if (values.rules) {
    print(renderRuleList(allRules));
    return EXIT_PASSED;
  }
  const specFile = values['write-spec'];
  if (specFile) {
    mkdirSync(dirname(specFile), { recursive: true });
    writeFileSync(specFile, renderRuleSpec(allRules));
    print(`Wrote ${specFile} (${allRules.length} rules).`);
    return EXIT_PASSED;
  }
  if (positionals.length > 1) {
    print(`Expected at most one directory, got ${positionals.join(' ')}.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  let stacks;
  try {
    stacks = loadStacks(positionals[0] ?? 'cdktf.out');
  } catch (error) {
    print((error as Error).message);
    return EXIT_USAGE;
  }
  const reports = stacks.map((stack) => checkStack(stack, allRules));
  const summary = summarize(reports);
  const described = [...allRules, STALE_EXCEPTION];
  print(renderTable(reports, summary, allRules.length));
  if (values.sarif) write(values.sarif, renderSarif(reports, described));
  if (values.json) write(values.json, renderJson(reports, summary, described));
  return summary.failures > 0 ? EXIT_FAILED : EXIT_PASSED;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
