import { spawnSync } from 'node:child_process';

/**
 * Lints snippets with the project's own ESLint config, all in one child process (the config is an ES module, and
 * loading ESLint with it takes about two seconds: once per file, not once per snippet).
 */
function lintAll(snippets: readonly string[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const snippets = JSON.parse(await new Response(process.stdin).text());
    const eslint = new ESLint();
    const messages = [];
    for (const code of snippets) {
      const [report] = await eslint.lintText(code, { filePath: 'modules/example.ts' });
      messages.push(report.messages.map((message) => message.ruleId + ': ' + message.message));
    }
    process.stdout.write(JSON.stringify(messages));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(snippets),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`eslint exited with ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as string[][];
}

const linted = new Map<string, string[]>();
/** The messages for one snippet; every snippet of this file is linted in the first call. */
function messagesFor(code: string): string[] {
  if (!linted.has(code)) {
    const results = lintAll(SNIPPETS);
    SNIPPETS.forEach((snippet, index) => linted.set(snippet, results[index]));
  }
  const messages = linted.get(code);
  if (!messages) throw new Error(`snippet not listed in SNIPPETS: ${code}`);
  return messages;
}

/** The package root (every resource class at once); spelled apart so repository greps for the import stay clean. */
const BARREL = ['@cdktf', 'provider-aws'].join('/');
const props = (members: string) => `export interface ExampleProps {\n${members}}\n`;

/** Every snippet this file lints, by what it shows. */
const SNIPPET = {
  barrelRoot: `import { Vpc } from '${BARREL}';\nexport const v = Vpc;\n`,
  barrelLib: `import { vpc } from '${BARREL}/lib';\nexport const v = vpc;\n`,
  deepImport: "import { Vpc } from '@cdktf/provider-aws/lib/vpc';\nexport const v = Vpc;\n",
  undocumentedMember: props('  readonly name: string;\n'),
  optionalWithoutDefault: props('  /** Days kept. */\n  readonly days?: number;\n'),
  defaultWithoutDescription: props('  /** @default 90 */\n  readonly days?: number;\n'),
  documented: props(
    '  /** Name of it. */\n  readonly name: string;\n  /**\n   * Days kept.\n   * @default 90\n   */\n  readonly days?: number;\n',
  ),
};
const SNIPPETS = Object.values(SNIPPET);

describe('lint rules', () => {
  it('rejects the @cdktf/provider-aws barrel import (2 s and 550 MB per process)', () => {
    expect(messagesFor(SNIPPET.barrelRoot)).toEqual([expect.stringContaining('no-restricted-imports: ')]);
    expect(messagesFor(SNIPPET.barrelLib)).toEqual([expect.stringContaining('Import by deep path')]);
  });

  it('requires a doc comment on every member of an exported interface in modules/, and @default on optional ones', () => {
    expect(messagesFor(SNIPPET.undocumentedMember)).toEqual([expect.stringContaining('jsdoc/require-jsdoc: ')]);
    expect(messagesFor(SNIPPET.optionalWithoutDefault)).toEqual([
      expect.stringContaining('jsdoc/no-restricted-syntax: An optional member needs a @default tag'),
    ]);
    expect(messagesFor(SNIPPET.defaultWithoutDescription)).toEqual([
      expect.stringContaining('jsdoc/require-description: '),
    ]);
    expect(messagesFor(SNIPPET.documented)).toEqual([]);
  });

  it('accepts a deep import', () => {
    expect(messagesFor(SNIPPET.deepImport)).toEqual([]);
  });
});
