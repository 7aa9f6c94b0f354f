import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { forbiddenImportChains, sourceFiles } from './import-graph';

const ROOT = join(__dirname, '..', '..');
/** Infrastructure code: what `main.ts` synthesizes from. */
const INFRASTRUCTURE = ['main.ts', 'modules', 'config', 'stacks', 'lib'];
/** Tooling reads what infrastructure code writes; infrastructure never loads tooling. */
const TOOLING = ['policy', 'scripts', 'diagram', 'bench', 'cost'];

describe('dependencies point one way', () => {
  it('nothing in main.ts, modules/, config/, stacks/ or lib/ reaches tooling, directly or through other files', () => {
    const entries = INFRASTRUCTURE.flatMap((entry) => sourceFiles(join(ROOT, entry)));
    expect(entries.length).toBeGreaterThan(30);
    expect(forbiddenImportChains(ROOT, entries, TOOLING)).toEqual([]);
  });

  it('config validation loads no provider class: it reads enum lists from lib/ leaves, not from modules', () => {
    const loaded = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "require('./config/validate'); console.log(JSON.stringify(Object.keys(require.cache)))",
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const files: string[] = JSON.parse(loaded);
    expect(files.some((file) => file.includes('config/validate'))).toBe(true);
    expect(files.filter((file) => file.includes('@cdktf/provider-aws'))).toEqual([]);
  });

  describe('the import walk', () => {
    let root: string;
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'import-graph-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('names the chain of a forbidden import two files away, type-only and re-exports included', () => {
      write('modules/a/index.ts', "import { b } from '../shared/b';\nexport const a = b;\n");
      write('modules/shared/b.ts', "export { c as b } from '../../lib/c';\n");
      write('lib/c.ts', "import type { Rule } from '../policy/rule';\nexport const c: Rule | 1 = 1;\n");
      write('policy/rule.ts', 'export type Rule = 0;\n');
      write('lib/clean.ts', "import { Construct } from 'constructs';\nexport const clean = Construct;\n");
      expect(forbiddenImportChains(root, [join(root, 'modules/a/index.ts')], TOOLING)).toEqual([
        'modules/a/index.ts -> modules/shared/b.ts -> lib/c.ts -> policy/rule.ts',
      ]);
      const everyEntry = ['modules', 'lib'].flatMap((folder) => sourceFiles(join(root, folder)));
      // One chain per forbidden file, the shortest: lib/c.ts is an entry itself.
      expect(forbiddenImportChains(root, everyEntry, TOOLING)).toEqual(['lib/c.ts -> policy/rule.ts']);
    });

    it('leaves test files out of the entries', () => {
      write('lib/__tests__/c.test.ts', "import '../../policy/rule';\n");
      write('lib/d.test.ts', "import '../policy/rule';\n");
      write('lib/e.ts', 'export const e = 1;\n');
      expect(sourceFiles(join(root, 'lib')).map((file) => file.slice(root.length + 1))).toEqual(['lib/e.ts']);
    });
  });
});
