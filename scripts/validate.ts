/**
 * `npm run validate [-- OUT_DIR]`: `terraform init -backend=false` and `terraform validate` on every
 * synthesized stack (providers from the mirror when there is one, else the registry, through the shared
 * plugin cache). Exits non-zero when any stack fails.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listStacks, providerTerraformEnv, runTerraform } from './terraform';

function main(): number {
  const outDir = process.argv[2] ?? 'cdktf.out';
  const scratch = mkdtempSync(join(tmpdir(), 'validate-'));
  const env = providerTerraformEnv(scratch);
  let failures = 0;
  try {
    for (const stack of listStacks(outDir)) {
      // A scratch copy keeps .terraform/ and lock files out of cdktf.out.
      const workDir = join(scratch, stack.name);
      cpSync(stack.dir, workDir, { recursive: true });
      const started = Date.now();
      const init = runTerraform(['init', '-backend=false', '-no-color'], workDir, env);
      const result = init.ok ? runTerraform(['validate', '-no-color'], workDir, env) : init;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (result.ok) {
        console.log(`ok    ${stack.name} (${seconds} s)`);
      } else {
        failures++;
        console.log(`FAIL  ${stack.name} (${init.ok ? 'validate' : 'init'})\n${result.stdout}${result.stderr}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(
    failures === 0 ? 'terraform validate: all stacks valid' : `terraform validate: ${failures} stack(s) failed`,
  );
  return failures === 0 ? 0 : 1;
}

process.exitCode = main();
