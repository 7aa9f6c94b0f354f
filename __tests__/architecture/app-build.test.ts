import { join, relative } from 'node:path';
import ts from 'typescript';
import { importChains } from './import-graph';

const ROOT = join(__dirname, '..', '..');

/**
 * `tsc -b tsconfig.app.json` (cdktf.json "app", npm run synth) skips the build when no file its config names is
 * newer than the last build: a file the app imports but the config does not name can change without a rebuild,
 * and the next synth then runs the old JavaScript.
 */
it('the app build config names every file the app imports, so an edit to any of them rebuilds', () => {
  const configPath = join(ROOT, 'tsconfig.app.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  const named = new Set(config?.fileNames.map((file) => relative(ROOT, file)));
  const imported = [...importChains([join(ROOT, 'main.ts')]).keys()].map((file) => relative(ROOT, file));
  expect(imported.length).toBeGreaterThan(30);
  expect(imported.filter((file) => !named.has(file))).toEqual([]);
});
