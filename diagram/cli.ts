import * as fs from 'fs';
import * as path from 'path';
import { generate, type GeneratedFile } from './generate';
import { readSynthOutput } from './synth-output';

/**
 * `npm run diagram` (run by `npm run synth` after synthesis): reads the cdktf output and writes
 * `<outdir>/diagrams/<env>.svg|.mmd` for every platform stack, and refreshes the committed copies in docs/.
 * Usage: node --import tsx diagram/cli.ts [--out <cdktf outdir>] [--docs <dir>]
 */
async function main(args: string[]): Promise<void> {
  const option = (name: string, fallback: string) => {
    const index = args.indexOf(name);
    if (index >= 0 && !args[index + 1]) throw new Error(`${name} needs a directory after it.`);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const outdir = option('--out', process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  const docsDir = option('--docs', 'docs');
  const generated = await generate(readSynthOutput(outdir));
  write(outdir, generated.diagrams);
  write(docsDir, generated.docs);
}

function write(root: string, files: readonly GeneratedFile[]): void {
  for (const file of files) {
    const target = path.join(root, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
    console.log(`wrote ${target} (${Math.round(file.content.length / 1024)} KiB)`);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`diagram: ${error.message}`);
  process.exitCode = 1;
});
