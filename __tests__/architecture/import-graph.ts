/** The relative-import graph of TypeScript sources, walked from a set of entry files (package imports are leaves). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Every `.ts` file under `dir`, tests and test helpers (`__tests__`, `*.test.ts`) left out. */
export function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === '__tests__' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Relative specifiers of `file`: imports, `import type`, `export ... from`, `require()` and `import()`. */
function relativeImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.map((imported) => imported.fileName).filter((name) => name.startsWith('.'));
}

function resolveImport(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, join(base, 'index.ts')];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  if (!found) throw new Error(`${from}: cannot resolve import "${specifier}"`);
  return found;
}

/**
 * Every file reachable from `entries` through relative imports, each with the chain that first reaches it. The
 * walk does not go on from a file for which `stopAt` is true.
 */
export function importChains(
  entries: string[],
  stopAt: (file: string) => boolean = () => false,
): Map<string, string[]> {
  const chainTo = new Map<string, string[]>(entries.map((entry) => [resolve(entry), [resolve(entry)]]));
  const queue = [...chainTo.keys()];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (stopAt(file)) continue;
    for (const specifier of relativeImports(file)) {
      const target = resolveImport(file, specifier);
      if (chainTo.has(target)) continue;
      chainTo.set(target, [...chainTo.get(file)!, target]);
      queue.push(target);
    }
  }
  return chainTo;
}

/**
 * Walks every file reachable from `entries` and returns, for each reached file inside a `forbidden` folder
 * (relative to `root`), the import chain that reaches it: `stacks/a.ts -> modules/b.ts -> policy/c.ts`.
 */
export function forbiddenImportChains(root: string, entries: string[], forbidden: readonly string[]): string[] {
  const isForbidden = (file: string) =>
    forbidden.some((folder) => relative(root, file).split(sep)[0] === folder.replace(/\/$/, ''));
  return [...importChains(entries, isForbidden)]
    .filter(([file]) => isForbidden(file))
    .map(([, chain]) => chain.map((step) => relative(root, step)).join(' -> '));
}
