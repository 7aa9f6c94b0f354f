/**
 * Synthesizes the real app into `outdir`, in this process: main.ts builds every stack and synthesizes as it loads,
 * as `npm run synth` runs it. In this process the worker reuses the cdktf and provider modules it has compiled
 * already; a child process through tsx cost about three seconds of CPU for the same output.
 */
export async function synthesizeApp(outdir: string): Promise<void> {
  const previousOutdir = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    // A registry of its own, so that main.ts runs again however often a worker loads it.
    await jest.isolateModulesAsync(async () => {
      await import('../main');
    });
  } finally {
    if (previousOutdir === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = previousOutdir;
  }
}
