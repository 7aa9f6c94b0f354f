/** Wall-clock timing of whole commands, for the benchmarks under bench/ (not for tests). */
import { spawnSync } from 'node:child_process';

export interface Command {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
}

export interface Timing {
  readonly label: string;
  /** Median wall time in milliseconds. */
  readonly medianMs: number;
  /** Every counted run's wall time, in the order of the rounds. */
  readonly samplesMs: readonly number[];
}

function timeOnce({ label, command, args }: Command): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${label} failed: ${result.stderr}`);
  return elapsedMs;
}

/** The middle value; for an even count, the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs every command once per round, `rounds` times after one uncounted warm-up round, and returns each one's
 * timings. Taking turns rather than one command's runs after another's: on a shared machine the load changes from
 * one second to the next, and a block of runs each would put a burst of it on one command only.
 */
export function timeCommands(commands: readonly Command[], rounds = 5): Timing[] {
  const samples = commands.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    commands.forEach((command, index) => {
      const elapsedMs = timeOnce(command);
      if (round >= 0) samples[index].push(elapsedMs);
    });
  }
  return commands.map((command, index) => ({
    label: command.label,
    medianMs: median(samples[index]),
    samplesMs: samples[index],
  }));
}

/** The median over the rounds of `timing`'s run divided by `base`'s run of the same round. */
export function pairedRatio(timing: Timing, base: Timing): number {
  return median(timing.samplesMs.map((sample, round) => sample / base.samplesMs[round]));
}

export function formatTiming(timing: Timing): string {
  return `${timing.label.padEnd(44)} ${timing.medianMs.toFixed(0).padStart(7)} ms (median of ${timing.samplesMs.length})`;
}
