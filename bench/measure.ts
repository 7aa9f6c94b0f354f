/** Wall-clock timing of whole commands, for the benchmarks under bench/ (not for tests). */
import { spawnSync } from 'node:child_process';

export interface Timing {
  readonly label: string;
  /** Median wall time in milliseconds. */
  readonly medianMs: number;
  readonly runs: number;
}

/** Runs a command `runs` times (after one warm-up run) and returns its median wall time. */
export function timeCommand(label: string, command: string, args: string[], runs = 5): Timing {
  const samples: number[] = [];
  for (let run = -1; run < runs; run++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${label} failed: ${result.stderr}`);
    if (run >= 0) samples.push(elapsedMs);
  }
  samples.sort((a, b) => a - b);
  return { label, medianMs: samples[Math.floor(samples.length / 2)], runs };
}

export function formatTiming(timing: Timing): string {
  return `${timing.label.padEnd(44)} ${timing.medianMs.toFixed(0).padStart(7)} ms (median of ${timing.runs})`;
}
